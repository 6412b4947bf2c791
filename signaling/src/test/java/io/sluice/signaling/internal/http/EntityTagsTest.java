package io.sluice.signaling.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.signaling.internal.http.EntityTags.IfMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** If-Match (RFC 9110 §13.1.1) with the strong comparison. */
class EntityTagsTest {

  @Test
  void newTagsAreStrongQuotedAndDistinct() {
    String a = EntityTags.newStrong();
    assertThat(a).matches("\"[A-Za-z0-9_-]{22}\"").isNotEqualTo(EntityTags.newStrong());
  }

  @Test
  void absentAndStarMatchAnything() {
    assertThat(EntityTags.parseIfMatch(List.of())).isEqualTo(IfMatch.ABSENT);
    assertThat(IfMatch.ABSENT.matches("\"x\"")).isTrue();
    IfMatch star = EntityTags.parseIfMatch(List.of(" * "));
    assertThat(star.any()).isTrue();
    assertThat(star.matches("\"x\"")).isTrue();
  }

  @Test
  void listsMatchStronglyAcrossHeaderLines() {
    IfMatch m = EntityTags.parseIfMatch(List.of("\"a\", W/\"b\"", "\"c\""));
    assertThat(m.tags()).containsExactly("\"a\"", "W/\"b\"", "\"c\"");
    assertThat(m.matches("\"a\"")).isTrue();
    assertThat(m.matches("\"c\"")).isTrue();
    assertThat(m.matches("\"b\"")).isFalse(); // weak never matches strongly
    assertThat(m.matches("\"d\"")).isFalse();
  }

  @Test
  void malformedValuesAreRejected() {
    for (String bad : List.of("abc", "\"unterminated", "\"a\" \"b\"", "\"a b\"", "W/x")) {
      assertThatThrownBy(() -> EntityTags.parseIfMatch(List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> EntityTags.parseIfMatch(List.of("*", "\"a\"")))
        .hasMessage("If-Match mixes * with entity-tags");
  }
}
