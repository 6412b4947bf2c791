package io.sluice.signaling.internal.sdp;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The H.264 {@code profile-level-id} fmtp parameter (RFC 6184 §8.1): three bytes,
 * {@code profile_idc}, {@code profile-iop} (the constraint_set flags) and {@code level_idc},
 * written as six hex digits, for example {@code 42e01f} (Constrained Baseline, level 3.1).
 *
 * <pre>
 * profile-level-id = 6HEXDIG    ; profile_idc (8) | profile-iop (8) | level_idc (8)
 * </pre>
 *
 * @param profileIdc the profile_idc byte (66 Baseline, 77 Main, 100 High, ...)
 * @param profileIop the constraint_set0..5 flags and 2 reserved bits
 * @param levelIdc the level_idc byte (level times 10, 31 for 3.1)
 */
public record H264ProfileLevelId(int profileIdc, int profileIop, int levelIdc) {
  /**
   * The value assumed when the parameter is absent. RFC 6184 §8.1 says Baseline level 1
   * ({@code 42000a}); like libwebrtc, Sluice assumes Constrained Baseline level 3.1 instead, so
   * that an offer without fmtp (older FFmpeg, some gateways) still matches the codec browsers
   * use.
   */
  public static final String DEFAULT = "42e01f";

  private static final int CONSTRAINT_SET3 = 0x10;

  /** Parses six hex digits, or returns null. */
  public static @Nullable H264ProfileLevelId parse(String hex) {
    if (hex.length() != 6) {
      return null;
    }
    int v = 0;
    for (int i = 0; i < 6; i++) {
      int d = Character.digit(hex.charAt(i), 16);
      if (d < 0 || hex.charAt(i) > 0x7F) {
        return null;
      }
      v = (v << 4) | d;
    }
    return new H264ProfileLevelId(v >>> 16, (v >>> 8) & 0xFF, v & 0xFF);
  }

  /**
   * Returns true if both name the same profile: equal {@code profile_idc} and
   * {@code profile-iop}. This is stricter than libwebrtc, which treats some different constraint
   * flags as the same profile (42e0 and 42c0 are both Constrained Baseline); browsers offer every
   * profile they support with its own flags, so an exact match finds them.
   */
  public boolean sameProfile(H264ProfileLevelId other) {
    return profileIdc == other.profileIdc && profileIop == other.profileIop;
  }

  /**
   * Returns a number that orders levels: level 1b (level_idc 11 with constraint_set3 in the
   * Baseline, Main and Extended profiles, or level_idc 9) sorts between 1 and 1.1.
   */
  public int levelOrder() {
    boolean level1b = levelIdc == 9
        || (levelIdc == 11 && (profileIop & CONSTRAINT_SET3) != 0
            && (profileIdc == 66 || profileIdc == 77 || profileIdc == 88));
    return level1b ? 10 * 2 + 1 : levelIdc * 2;
  }

  /**
   * Returns the profile-level-id to answer, for an offer {@code offered} that matched the local
   * {@code local} (RFC 6184 §8.2.2): with {@code level-asymmetry-allowed=1} on both sides the
   * answer states the level the answerer can receive (the local one); otherwise the answer may
   * not exceed the offer's level, so it is the lower of the two. The profile bytes are the
   * offer's.
   */
  public static H264ProfileLevelId answer(H264ProfileLevelId offered, H264ProfileLevelId local,
      boolean levelAsymmetryAllowed) {
    H264ProfileLevelId level = levelAsymmetryAllowed || local.levelOrder() <= offered.levelOrder()
        ? local : offered;
    return new H264ProfileLevelId(offered.profileIdc, offered.profileIop, level.levelIdc);
  }

  /** Returns the six lower-case hex digits. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%02x%02x%02x", profileIdc, profileIop, levelIdc);
  }
}
