package dev.ferry.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutStretchTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void anIdleMachineEnforcesTheTimeoutAsDeployed() {
        TimeoutStretch.Stretched s = new TimeoutStretch(() -> 0.7, 2).apply(TEN_SECONDS);

        assertThat(s.enforced()).isEqualTo(TEN_SECONDS);
        assertThat(s.stretched()).isFalse();
        assertThat(s.explanation()).isEqualTo("enforced as configured (load average 0.7 on 2 cores)");
    }

    @Test
    void aMachineRunningThreeTimesMoreThreadsThanCoresWaitsThreeTimesAsLong() {
        TimeoutStretch.Stretched s = new TimeoutStretch(() -> 6.0, 2).apply(TEN_SECONDS);

        assertThat(s.enforced()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.explanation())
                .isEqualTo("the runtime waited 30.00 s, 3.0x the configured 10.00 s, for a load average of 6.0 on 2 cores");
    }

    @Test
    void aHangingFunctionStillTimesOutOnAnOverloadedMachine() {
        TimeoutStretch.Stretched s = new TimeoutStretch(() -> 40.0, 2).apply(TEN_SECONDS);

        assertThat(s.factor()).isEqualTo(TimeoutStretch.MAX_FACTOR);
        assertThat(s.enforced()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void aPlatformWithoutALoadAverageStretchesNothing() {
        assertThat(new TimeoutStretch(() -> -1.0, 8).apply(TEN_SECONDS).enforced()).isEqualTo(TEN_SECONDS);
        assertThat(new TimeoutStretch(() -> Double.NaN, 8).apply(TEN_SECONDS).enforced()).isEqualTo(TEN_SECONDS);
    }

    @Test
    void aMachineWithoutCoresIsAMistake() {
        assertThatThrownBy(() -> new TimeoutStretch(() -> 1.0, 0)).hasMessageContaining("cores must be at least 1");
    }
}
