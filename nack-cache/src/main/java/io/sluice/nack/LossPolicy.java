package io.sluice.nack;

/**
 * Decides, per subscriber, whether its {@link RetransmitCache} should be on: on when the leg is
 * lossy, off when it has been clean for a while, with hysteresis so it does not flap.
 *
 * <p><b>Input.</b> The fraction lost of each RTCP receiver report block about our stream (RFC 3550
 * §6.4.1, 8-bit fixed point), and the NACK rate: packets NACKed (RFC 4585 §6.2.1) per packet sent
 * since the previous report. Each report feeds {@code max(fractionLost, nackRatio)} into an
 * exponentially weighted moving average with weight {@link Config#smoothing()}. The NACK ratio
 * counts because a receiver reports loss before retransmission repairs it only in RRs every second
 * or so, but NACKs within milliseconds.
 *
 * <p><b>Decisions.</b>
 * <ul>
 *   <li>On when the smoothed loss exceeds {@link Config#activateLoss()} (default
 *       {@link #DEFAULT_ACTIVATE_LOSS}, 2%), checked at every report; or, between reports, when the
 *       NACK ratio since the last report exceeds it {@link #EARLY_ACTIVATE_FACTOR} times over at
 *       least {@link #MIN_NACK_SAMPLE} sent packets, so a sudden loss burst does not wait a whole report interval.
 *   <li>Off when the smoothed loss has stayed below {@link Config#deactivateLoss()} (default
 *       {@link #DEFAULT_DEACTIVATE_LOSS}, 0.5%) for {@link Config#holdNanos()} (default
 *       {@link #DEFAULT_HOLD_NANOS}, 10 s), checked at every report and {@link #evaluate}. Any
 *       sample at or above the lower threshold restarts the hold.
 * </ul>
 * Changes go to the {@link Listener} and are counted ({@link #activationCount()},
 * {@link #deactivationCount()}).
 *
 * <p>Not thread-safe; allocation-free after construction.
 */
public final class LossPolicy {
  /** Default smoothed loss above which the cache switches on: 2%. */
  public static final double DEFAULT_ACTIVATE_LOSS = 0.02;
  /** Default smoothed loss below which the cache may switch off: 0.5%. */
  public static final double DEFAULT_DEACTIVATE_LOSS = 0.005;
  /** Default time the loss must stay below the lower threshold before switching off: 10 s. */
  public static final long DEFAULT_HOLD_NANOS = 10_000_000_000L;
  /** Default EWMA weight of a new sample. */
  public static final double DEFAULT_SMOOTHING = 0.3;
  /**
   * Fewest packets sent since the last report for the NACK ratio to switch the cache on alone:
   * about 0.8 s of 2.5 Mb/s video. Smaller samples are too noisy (at 1% loss, 3 losses in 100
   * packets happen 8% of the time).
   */
  public static final int MIN_NACK_SAMPLE = 200;
  /**
   * Between reports, the NACK ratio must exceed the activation threshold by this factor to switch
   * on alone: the unsmoothed ratio is noisier than the average.
   */
  public static final double EARLY_ACTIVATE_FACTOR = 2.0;

  /**
   * Immutable thresholds.
   *
   * @param activateLoss smoothed loss above which the cache switches on, in (0, 1]
   * @param deactivateLoss smoothed loss below which it may switch off, in [0, activateLoss)
   * @param holdNanos how long the loss must stay below {@code deactivateLoss}, ≥ 0
   * @param smoothing the EWMA weight of each new sample, in (0, 1]
   */
  public record Config(double activateLoss, double deactivateLoss, long holdNanos,
      double smoothing) {
    /** The defaults named on {@link LossPolicy}. */
    public static final Config DEFAULT = new Config(DEFAULT_ACTIVATE_LOSS,
        DEFAULT_DEACTIVATE_LOSS, DEFAULT_HOLD_NANOS, DEFAULT_SMOOTHING);

    /** Validates the ranges above. */
    public Config {
      if (!(activateLoss > 0 && activateLoss <= 1)) {
        throw new IllegalArgumentException("activateLoss: " + activateLoss + " (expected: (0, 1])");
      }
      if (!(deactivateLoss >= 0 && deactivateLoss < activateLoss)) {
        throw new IllegalArgumentException("deactivateLoss: " + deactivateLoss
            + " (expected: [0, " + activateLoss + "))");
      }
      if (holdNanos < 0) {
        throw new IllegalArgumentException("holdNanos: " + holdNanos + " (expected: >= 0)");
      }
      if (!(smoothing > 0 && smoothing <= 1)) {
        throw new IllegalArgumentException("smoothing: " + smoothing + " (expected: (0, 1])");
      }
    }
  }

  /** Receives cache on/off decisions. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called when the decision changes.
     *
     * @param active the new state
     * @param smoothedLoss the smoothed loss that caused it, 0..1
     * @param nowNanos the time of the decision
     */
    void onCacheStateChanged(boolean active, double smoothedLoss, long nowNanos);
  }

  private final Config config;
  private final Listener listener;

  private double smoothed;
  private boolean active;
  private long belowSinceNanos = -1;
  private long sentSinceReport;
  private long nackedSinceReport;
  private long activations;
  private long deactivations;

  /** Creates a policy, initially off. */
  public LossPolicy(Config config, Listener listener) {
    this.config = config;
    this.listener = listener;
  }

  /** Counts {@code packets} sent to the subscriber, the denominator of the NACK ratio. */
  public void onSent(int packets) {
    sentSinceReport += packets;
  }

  /**
   * Counts {@code lostPackets} packets newly reported lost in a NACK from the subscriber. Count
   * each loss once: receivers repeat a NACK until the packet arrives, and counting the repeats
   * would overstate the loss (see {@link Retransmitter#onNack}).
   */
  public void onNack(int lostPackets, long nowNanos) {
    nackedSinceReport += lostPackets;
    if (!active && sentSinceReport >= MIN_NACK_SAMPLE
        && (double) nackedSinceReport / sentSinceReport
            > EARLY_ACTIVATE_FACTOR * config.activateLoss()) {
      setActive(true, (double) nackedSinceReport / sentSinceReport, nowNanos);
    }
  }

  /**
   * Feeds one receiver report block about the subscriber's stream.
   *
   * @param fractionLost the block's fraction lost, 8-bit fixed point (0..255)
   */
  public void onReceiverReport(int fractionLost, long nowNanos) {
    double sample = (fractionLost & 0xFF) / 256.0;
    if (sentSinceReport > 0) {
      sample = Math.max(sample, Math.min(1.0, (double) nackedSinceReport / sentSinceReport));
    }
    sentSinceReport = 0;
    nackedSinceReport = 0;
    // The average starts at 0, not at the first sample: one noisy report must not switch on.
    smoothed += config.smoothing() * (sample - smoothed);
    if (smoothed >= config.deactivateLoss()) {
      belowSinceNanos = -1;
    } else if (belowSinceNanos < 0) {
      belowSinceNanos = nowNanos;
    }
    if (!active && smoothed > config.activateLoss()) {
      setActive(true, smoothed, nowNanos);
    }
    evaluate(nowNanos);
  }

  /** Switches off if the hold time below the lower threshold has passed; call from a timer. */
  public void evaluate(long nowNanos) {
    if (active && belowSinceNanos >= 0 && nowNanos - belowSinceNanos >= config.holdNanos()) {
      setActive(false, smoothed, nowNanos);
    }
  }

  private void setActive(boolean on, double loss, long nowNanos) {
    active = on;
    if (on) {
      activations++;
      belowSinceNanos = -1;
    } else {
      deactivations++;
    }
    listener.onCacheStateChanged(on, loss, nowNanos);
  }

  /** Returns the current decision. */
  public boolean isActive() {
    return active;
  }

  /** The smoothed loss, 0..1 (0 before the first report). */
  public double smoothedLoss() {
    return smoothed;
  }

  /** Times the cache was switched on. */
  public long activationCount() {
    return activations;
  }

  /** Times the cache was switched off. */
  public long deactivationCount() {
    return deactivations;
  }

  /** The thresholds. */
  public Config config() {
    return config;
  }
}
