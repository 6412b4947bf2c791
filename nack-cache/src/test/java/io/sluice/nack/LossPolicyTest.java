package io.sluice.nack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossPolicyTest {
  private static final long S = 1_000_000_000L;
  private final List<String> events = new ArrayList<>();
  private final LossPolicy policy = new LossPolicy(LossPolicy.Config.DEFAULT,
      (on, loss, now) -> events.add((on ? "on@" : "off@") + now / S));

  @Test
  void hysteresisTimeline() {
    policy.onReceiverReport(0, 1 * S);
    assertThat(policy.isActive()).isFalse();
    // 26/256 = 10.2% lost; smoothed 0.3 * 0.102 = 3.05% > 2%: on.
    policy.onReceiverReport(26, 2 * S);
    assertThat(events).containsExactly("on@2");
    // Clean reports: 2.13%, 1.49%, 1.05%, 0.73%, 0.51% (still >= 0.5%), 0.36% at t = 8 s.
    for (int t = 3; t <= 17; t++) {
      policy.onReceiverReport(0, t * S);
      assertThat(policy.isActive()).as("t=%d", t).isTrue();
    }
    policy.evaluate(18 * S - 1);
    assertThat(policy.isActive()).isTrue();
    policy.evaluate(18 * S);
    assertThat(events).containsExactly("on@2", "off@18");
    assertThat(policy.activationCount()).isEqualTo(1);
    assertThat(policy.deactivationCount()).isEqualTo(1);
  }

  @Test
  void aLossySampleDuringTheHoldRestartsIt() {
    // The average starts at 0: 3.05% after the first report, then decays by 0.7 a report; below
    // 0.5% at 6 s, so without the lossy sample it would switch off at 16 s.
    policy.onReceiverReport(26, 0);
    for (int t = 1; t <= 12; t++) {
      policy.onReceiverReport(0, t * S);
    }
    // A 3.9% sample lifts the average to 1.2%: the hold restarts. Below 0.5% again at 16 s.
    policy.onReceiverReport(10, 13 * S);
    for (int t = 14; t <= 30; t++) {
      policy.onReceiverReport(0, t * S);
    }
    assertThat(events).containsExactly("on@0", "off@26");
  }

  @Test
  void lowLossNeverSwitchesOn() {
    for (int t = 0; t < 60; t++) {
      policy.onReceiverReport(3, t * S); // 1.2%
    }
    assertThat(events).isEmpty();
  }

  @Test
  void aNackBurstSwitchesOnBeforeTheNextReport() {
    policy.onReceiverReport(0, 0);
    policy.onSent(200);
    policy.onNack(6, S / 10); // 3%: enough for a report, not alone
    assertThat(policy.isActive()).isFalse();
    policy.onNack(3, S / 5); // 4.5% > 2 x 2%
    assertThat(events).containsExactly("on@0");
  }
}
