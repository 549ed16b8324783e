package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final double NOMINAL = 0.5;
    private static final double LOWEST = 0.0;
    private static final double HIGHEST = Math.nextDown(1.0);

    @Test
    void nominalDelaysStartAtOneSecondAndDouble() {
        Backoff backoff = new Backoff(SECOND, Duration.ofMinutes(10));
        Duration nominal = SECOND;
        for (int attempt = 0; attempt < 8; attempt++) {
            assertThat(backoff.delay(attempt, NOMINAL)).isEqualTo(nominal);
            nominal = nominal.multipliedBy(2);
        }
    }

    @Test
    void jitterSpansSeventyFiveToOneHundredTwentyFivePercent() {
        Backoff backoff = new Backoff(SECOND, Duration.ofMinutes(10));
        assertThat(backoff.delay(2, LOWEST)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.delay(2, HIGHEST)).isBetween(Duration.ofMillis(4_999), Duration.ofSeconds(5));
    }

    @Test
    void delaysAreCappedAndNeverAboveTheCap() {
        Duration cap = Duration.ofSeconds(10);
        Backoff backoff = new Backoff(SECOND, cap);
        // nominal 1, 2, 4, 8, then 10 for ever
        assertThat(backoff.delay(3, NOMINAL)).isEqualTo(Duration.ofSeconds(8));
        for (int attempt = 4; attempt < 50; attempt++) {
            assertThat(backoff.delay(attempt, NOMINAL)).isEqualTo(cap);
            assertThat(backoff.delay(attempt, HIGHEST)).isEqualTo(cap);
            assertThat(backoff.delay(attempt, LOWEST)).isEqualTo(Duration.ofMillis(7_500));
        }
    }

    @Test
    void defaultCapOfTenMinutesIsReachedAndHeld() {
        Duration cap = Duration.ofMinutes(10);
        Backoff backoff = new Backoff(SECOND, cap);
        // 1 s doubling passes 600 s after 10 steps: from then on the nominal delay is the cap
        assertThat(backoff.delay(9, NOMINAL)).isEqualTo(Duration.ofSeconds(512));
        assertThat(backoff.delay(10, NOMINAL)).isEqualTo(cap);
        assertThat(backoff.delay(1_000, LOWEST)).isEqualTo(cap.multipliedBy(3).dividedBy(4));
    }

    @Test
    void aCapBelowTheInitialDelayBoundsTheFirstDelay() {
        Duration cap = Duration.ofMillis(300);
        Backoff backoff = new Backoff(SECOND, cap);
        assertThat(backoff.delay(0, HIGHEST)).isEqualTo(cap);
        assertThat(backoff.delay(0, LOWEST)).isEqualTo(Duration.ofMillis(225));
    }

    @Test
    void hugeCapDoesNotOverflow() {
        Duration cap = Duration.ofNanos(Long.MAX_VALUE);
        Backoff backoff = new Backoff(SECOND, cap);
        for (int attempt = 0; attempt < 200; attempt++) {
            assertThat(backoff.delay(attempt, HIGHEST)).isPositive().isLessThanOrEqualTo(cap);
        }
        assertThat(backoff.delay(Integer.MAX_VALUE, NOMINAL)).isEqualTo(cap);
    }

    @Test
    void delaysOfManyClientsAreSpreadAcrossTheJitterRange() {
        SplittableRandom random = new SplittableRandom(13);
        Backoff backoff = new Backoff(SECOND, Duration.ofMinutes(10));
        Set<Duration> distinct = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            Duration d = backoff.delay(0, random.nextDouble());
            assertThat(d).isBetween(Duration.ofMillis(750), Duration.ofMillis(1_250));
            distinct.add(d);
        }
        assertThat(distinct).hasSizeGreaterThan(900);
    }

    @Test
    void firstAttemptAfterALossWaitsARandomPartOfTheInitialDelay() {
        Backoff backoff = new Backoff(SECOND, Duration.ofMinutes(10));
        assertThat(backoff.first(LOWEST)).isZero();
        assertThat(backoff.first(0.25)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.first(HIGHEST)).isBetween(Duration.ofMillis(999), SECOND);
    }
}
