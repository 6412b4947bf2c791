package io.sluice.transport.dtls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.transport.dtls.DtlsFingerprint.HashFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DtlsFingerprintTest {

  /** FIPS 180-2 example: SHA-256("abc"). */
  private static final String SHA256_ABC =
      "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";
  /** FIPS 180-1 example: SHA-1("abc"). */
  private static final String SHA1_ABC = "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D";

  @ParameterizedTest
  @ValueSource(strings = {
      "sha-256 " + SHA256_ABC,
      "SHA-256 " + SHA256_ABC, // ABNF literals are case-insensitive
      "sha-256 ba:78:16:bf:8f:01:cf:ea:41:41:40:de:5d:ae:22:23:b0:03:61:a3:96:17:7a:9c:b4:10:ff:61:f2:00:15:ad",
      "a=fingerprint:sha-256 " + SHA256_ABC,
      "  sha-256 \t " + SHA256_ABC + " \r\n",
  })
  void parsesSha256InTheFormsSeenInTheWild(String value) {
    DtlsFingerprint f = DtlsFingerprint.parse(value);
    assertThat(f.hashFunction()).isEqualTo(HashFunction.SHA_256);
    assertThat(f.toSdp()).isEqualTo("sha-256 " + SHA256_ABC);
    assertThat(f.matches("abc".getBytes(US_ASCII))).isTrue();
    assertThat(f.matches("abd".getBytes(US_ASCII))).isFalse();
    assertThat(f).isEqualTo(DtlsFingerprint.parse("sha-256 " + SHA256_ABC.toLowerCase()));
  }

  @ParameterizedTest
  @CsvSource({
      "sha-1,   20",
      "sha-224, 28",
      "sha-256, 32",
      "sha-384, 48",
      "sha-512, 64",
  })
  void recognisesTheRfc8122HashFunctions(String name, int length) {
    HashFunction f = HashFunction.forSdpName(name);
    assertThat(f).isNotNull();
    assertThat(f.digestLength()).isEqualTo(length);
    DtlsFingerprint computed = DtlsFingerprint.ofCertificate(f, "abc".getBytes(US_ASCII));
    assertThat(computed.digest()).hasSize(length);
    assertThat(DtlsFingerprint.parse(computed.toSdp())).isEqualTo(computed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha-1 " + SHA1_ABC, "SHA-1 a9:99:3e:36:47:06:81:6a:ba:3e:25:71:78:50:c2:6c:9c:d0:d8:9d"})
  void sha1FromOlderPeers(String value) {
    assertThat(DtlsFingerprint.parse(value).matches("abc".getBytes(US_ASCII))).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "md5 AB:CD | SDP fingerprint: unsupported hash function 'md5' (expected: sha-1, sha-224, sha-256, sha-384 or sha-512)",
      "sha-256 | SDP fingerprint: 'sha-256' (expected: hash-func SP fingerprint, such as 'sha-256 AB:CD:...')",
      "sha-256 BA:78:16 | SDP fingerprint: 3 bytes for sha-256 (expected: 32 bytes)",
      "sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:ZZ | SDP fingerprint: 'ZZ' at byte 20 (expected: two hex digits)",
      "sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8-9D | SDP fingerprint: '-' before byte 20 (expected: ':')",
  })
  void rejectsWithAMessageNamingTheProblem(String value, String message) {
    assertThat(DtlsFingerprint.tryParse(value)).isNull();
    assertThatThrownBy(() -> DtlsFingerprint.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33})
  void ofChecksTheDigestLength(int length) {
    assertThatThrownBy(() -> DtlsFingerprint.of(HashFunction.SHA_256, new byte[length]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DTLS fingerprint: " + length + " bytes for sha-256 (expected: 32 bytes)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha-1", "sha-256"})
  void differentHashFunctionsAreDifferentFingerprints(String name) {
    DtlsFingerprint a = DtlsFingerprint.ofCertificate(HashFunction.forSdpName(name), new byte[] {1});
    DtlsFingerprint b = DtlsFingerprint.ofCertificate(HashFunction.SHA_512, new byte[] {1});
    assertThat(a).isNotEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(DtlsFingerprint.parse(a.toSdp()).hashCode());
  }
}
