package io.sluice.signaling.sdp;

import org.jspecify.annotations.Nullable;

/**
 * The media direction attributes {@code a=sendrecv}, {@code a=sendonly}, {@code a=recvonly} and
 * {@code a=inactive} (RFC 8866 §6.7), always from the point of view of the description's author.
 * A description without one is {@link #SENDRECV}.
 */
public enum Direction {
  /** Sends and receives (the default). */
  SENDRECV("sendrecv"),
  /** Sends only. */
  SENDONLY("sendonly"),
  /** Receives only. */
  RECVONLY("recvonly"),
  /** Neither sends nor receives. */
  INACTIVE("inactive");

  private final String token;

  Direction(String token) {
    this.token = token;
  }

  /** Returns the attribute name, for example {@code "sendonly"}. */
  public String token() {
    return token;
  }

  /** Returns true for {@link #SENDRECV} and {@link #SENDONLY}. */
  public boolean sends() {
    return this == SENDRECV || this == SENDONLY;
  }

  /** Returns true for {@link #SENDRECV} and {@link #RECVONLY}. */
  public boolean receives() {
    return this == SENDRECV || this == RECVONLY;
  }

  /** Returns this direction seen from the other side: send and receive swap. */
  public Direction reverse() {
    return switch (this) {
      case SENDONLY -> RECVONLY;
      case RECVONLY -> SENDONLY;
      default -> this;
    };
  }

  /** Returns the direction that sends when both allow it and receives when both allow it. */
  public static Direction of(boolean sends, boolean receives) {
    if (sends) {
      return receives ? SENDRECV : SENDONLY;
    }
    return receives ? RECVONLY : INACTIVE;
  }

  /** Returns the direction named {@code token}, or null. */
  public static @Nullable Direction fromToken(String token) {
    for (Direction d : values()) {
      if (d.token.equals(token)) {
        return d;
      }
    }
    return null;
  }

  /** Returns the property attribute for this direction, for example {@code a=recvonly}. */
  public Attribute toAttribute() {
    return Attribute.of(token);
  }
}
