package io.sluice.transport.internal.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IceCredentialsTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void generatedCredentialsAreIceCharsOfTheRightLength() {
    Set<String> ufrags = new HashSet<>();
    Set<Character> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      IceCredentials c = IceCredentials.generate(random);
      assertThat(c.ufrag()).hasSize(IceCredentials.UFRAG_LENGTH);
      assertThat(c.pwd()).hasSize(IceCredentials.PWD_LENGTH);
      assertThat((c.ufrag() + c.pwd()).chars().allMatch(ch -> IceCredentials.isIceChar((char) ch)))
          .isTrue();
      ufrags.add(c.ufrag());
      for (char ch : c.pwd().toCharArray()) {
        seen.add(ch);
      }
    }
    // 48 random bits: 2000 draws do not collide; and all 64 ice-chars turn up.
    assertThat(ufrags).hasSize(2000);
    assertThat(seen).hasSize(64);
  }

  @Test
  void rfcMinimumsHold() {
    // RFC 8445 §5.3: at least 24 random bits in the ufrag and 128 in the password (6 bits/char).
    assertThat(IceCredentials.UFRAG_LENGTH * 6).isGreaterThanOrEqualTo(24);
    assertThat(IceCredentials.PWD_LENGTH * 6).isGreaterThanOrEqualTo(128);
    assertThat(IceCredentials.UFRAG_LENGTH).isGreaterThanOrEqualTo(IceCredentials.MIN_UFRAG_LENGTH);
    assertThat(IceCredentials.PWD_LENGTH).isGreaterThanOrEqualTo(IceCredentials.MIN_PWD_LENGTH);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "abc  | aaaaaaaaaaaaaaaaaaaaaa | ice-ufrag of 3 characters (expected: 4..256)",
    "ab:c | aaaaaaaaaaaaaaaaaaaaaa | ice-ufrag: character U+003A at index 2 (expected: ice-char, ALPHA / DIGIT / \"+\" / \"/\")",
    "abcd | aaaaaaaaaaaaaaaaaaaaa  | ice-pwd of 21 characters (expected: 22..256)",
    "abcd | aaaaaaaaaaaaaaaaaaaaa= | ice-pwd: character U+003D at index 21 (expected: ice-char, ALPHA / DIGIT / \"+\" / \"/\")",
  })
  void invalidCredentialsAreRefused(String ufrag, String pwd, String message) {
    assertThatThrownBy(() -> new IceCredentials(ufrag, pwd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void longestAndShortestAreAccepted() {
    new IceCredentials("a+/9", "a".repeat(22));
    new IceCredentials("u".repeat(256), "p".repeat(256));
    assertThatThrownBy(() -> new IceCredentials("u".repeat(257), "p".repeat(22)))
        .hasMessage("ice-ufrag of 257 characters (expected: 4..256)");
  }

  @Test
  void toStringHidesThePassword() {
    IceCredentials c = new IceCredentials("abcd", "secretsecretsecretsecret");
    assertThat(c.toString()).isEqualTo("IceCredentials[ufrag=abcd, pwd=(24 chars)]");
  }
}
