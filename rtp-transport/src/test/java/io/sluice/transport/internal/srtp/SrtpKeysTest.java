package io.sluice.transport.internal.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.media.testutil.Hex;
import org.junit.jupiter.api.Test;

class SrtpKeysTest {

  @Test
  void splitsKeyingMaterialPerRfc5764Section4_2() {
    // 60 bytes for AES-CM: client key (16) | server key (16) | client salt (14) | server salt (14)
    byte[] material = Hex.bytes(
        "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0 | 5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e"
            + "| c1c1c1c1c1c1c1c1c1c1c1c1c1c1 | 5f5f5f5f5f5f5f5f5f5f5f5f5f5f");
    SrtpKeys client = SrtpKeys.fromKeyingMaterial(SrtpProfile.AES_CM_128_HMAC_SHA1_80, material, true);
    SrtpKeys server = SrtpKeys.fromKeyingMaterial(SrtpProfile.AES_CM_128_HMAC_SHA1_80, material, false);

    assertThat(client.localKey()).containsOnly(0xc0);
    assertThat(client.localSalt()).containsOnly(0xc1).hasSize(14);
    assertThat(client.remoteKey()).containsOnly(0x5e);
    assertThat(client.remoteSalt()).containsOnly(0x5f);
    assertThat(server).isEqualTo(client.reversed());
    assertThat(client.toString()).isEqualTo("SrtpKeys[AES_CM_128_HMAC_SHA1_80]");
  }

  @Test
  void gcmMaterialIs56Bytes() {
    assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
    assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
    SrtpKeys keys = SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[56], false);
    assertThat(keys.localSalt()).hasSize(12);
    assertThatThrownBy(() -> SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[60], true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DTLS-SRTP keying material for AEAD_AES_128_GCM: 60 bytes (expected: 56 bytes)");
  }

  @Test
  void profileIdsFromTheRfcs() {
    assertThat(SrtpProfile.forId(0x0001)).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertThat(SrtpProfile.forId(0x0007)).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    assertThat(SrtpProfile.forId(0x0002)).isNull(); // SRTP_AES128_CM_HMAC_SHA1_32: not offered
  }
}
