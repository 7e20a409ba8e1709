package dev.ferry.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** Peaks over a stretch of time, on a clock the test moves. */
class PeakWindowTest {

    static final class MovableClock implements InstantSource {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void aPeakSinceAnInstantIgnoresWhatCameBeforeItsSecond() {
        MovableClock clock = new MovableClock();
        PeakWindow window = new PeakWindow(clock);
        clock.advance(Duration.ofSeconds(5));
        window.record(9);
        clock.advance(Duration.ofSeconds(10));
        Instant loadStarted = clock.instant();
        window.record(3);
        clock.advance(Duration.ofSeconds(2));
        window.record(4);

        assertThat(window.peakSince(loadStarted)).isEqualTo(4);
        assertThat(window.peak()).isEqualTo(9);
        assertThat(window.peakSince(loadStarted.minusSeconds(20))).as("before the start: since start").isEqualTo(9);
    }

    @Test
    void aQuestionAboutMoreThanTheLastHourIsAnsweredWithThePeakSinceStart() {
        MovableClock clock = new MovableClock();
        PeakWindow window = new PeakWindow(clock);
        clock.advance(Duration.ofSeconds(1));
        Instant early = clock.instant();
        window.record(7);
        clock.advance(Duration.ofHours(2));
        window.record(2);

        assertThat(window.peakSince(early)).isEqualTo(7);
        assertThat(window.peakSince(clock.instant())).isEqualTo(2);
    }

    @Test
    void aSlotReusedAnHourLaterForgetsItsOldSecond() {
        MovableClock clock = new MovableClock();
        PeakWindow window = new PeakWindow(clock);
        clock.advance(Duration.ofSeconds(1));
        window.record(50);
        clock.advance(Duration.ofSeconds(PeakWindow.SECONDS));
        Instant sameSlot = clock.instant();
        window.record(1);

        assertThat(window.peakSince(sameSlot)).isEqualTo(1);
    }

    @Test
    void anInvocationThatStartedBeforeTheStretchAndIsStillRunningCounts() {
        MovableClock clock = new MovableClock();
        ConcurrencyGauge gauge = new ConcurrencyGauge(new PeakWindow(clock));
        clock.advance(Duration.ofSeconds(1));
        gauge.enter();
        gauge.enter();
        clock.advance(Duration.ofSeconds(30));
        Instant since = clock.instant();

        assertThat(gauge.peakSince(since)).as("two still running").isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        gauge.exit();
        assertThat(gauge.peakSince(since)).as("the one that ended ran within the stretch").isEqualTo(2);
        gauge.exit();
        clock.advance(Duration.ofSeconds(5));
        assertThat(gauge.peakSince(clock.instant())).isZero();
        assertThat(gauge.peak()).isEqualTo(2);
    }
}
