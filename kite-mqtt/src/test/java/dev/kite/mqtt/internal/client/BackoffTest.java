package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static void assertWithinJitter(Duration delay, Duration nominal, Duration cap) {
        Duration low = nominal.multipliedBy(3).dividedBy(4);
        Duration high = nominal.multipliedBy(5).dividedBy(4);
        if (high.compareTo(cap) > 0) {
            high = cap;
        }
        assertThat(delay).isBetween(low, high);
    }

    @RepeatedTest(20)
    void delaysStartNearOneSecondAndDouble() {
        Backoff backoff = new Backoff(SECOND, Duration.ofMinutes(10));
        Duration nominal = SECOND;
        for (int i = 0; i < 8; i++) {
            assertWithinJitter(backoff.next(), nominal, Duration.ofMinutes(10));
            nominal = nominal.multipliedBy(2);
        }
    }

    @RepeatedTest(20)
    void delaysAreCappedAndNeverAboveTheCap() {
        Duration cap = Duration.ofSeconds(10);
        Backoff backoff = new Backoff(SECOND, cap);
        // nominal 1, 2, 4, 8, then 10 for ever
        for (int i = 0; i < 4; i++) {
            backoff.next();
        }
        for (int i = 0; i < 50; i++) {
            Duration d = backoff.next();
            assertThat(d).isLessThanOrEqualTo(cap).isGreaterThanOrEqualTo(Duration.ofMillis(7_500));
        }
    }

    @Test
    void defaultCapOfTenMinutesIsReachedAndHeld() {
        Duration cap = Duration.ofMinutes(10);
        Backoff backoff = new Backoff(SECOND, cap);
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.next()).isLessThanOrEqualTo(cap).isPositive();
        }
        // 1 s doubling passes 600 s after 10 steps: from then on the nominal delay is the cap
        assertWithinJitter(backoff.next(), cap, cap);
    }

    @Test
    void aCapBelowTheInitialDelayBoundsTheFirstDelay() {
        Duration cap = Duration.ofMillis(300);
        Backoff backoff = new Backoff(SECOND, cap);
        for (int i = 0; i < 20; i++) {
            assertWithinJitter(backoff.next(), cap, cap);
        }
    }

    @Test
    void hugeCapDoesNotOverflow() {
        Duration cap = Duration.ofNanos(Long.MAX_VALUE);
        Backoff backoff = new Backoff(SECOND, cap);
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.next()).isPositive().isLessThanOrEqualTo(cap);
        }
    }

    @RepeatedTest(10)
    void resetStartsOver() {
        Backoff backoff = new Backoff(SECOND, Duration.ofMinutes(10));
        for (int i = 0; i < 6; i++) {
            backoff.next();
        }
        backoff.reset();
        assertWithinJitter(backoff.next(), SECOND, Duration.ofMinutes(10));
        assertWithinJitter(backoff.next(), Duration.ofSeconds(2), Duration.ofMinutes(10));
    }

    @Test
    void firstDelaysOfManyClientsAreSpreadAcrossTheJitterRange() {
        Set<Duration> distinct = new HashSet<>();
        Duration min = Duration.ofDays(1);
        Duration max = Duration.ZERO;
        for (int i = 0; i < 1_000; i++) {
            Duration d = new Backoff(SECOND, Duration.ofMinutes(10)).next();
            assertWithinJitter(d, SECOND, Duration.ofMinutes(10));
            distinct.add(d);
            min = d.compareTo(min) < 0 ? d : min;
            max = d.compareTo(max) > 0 ? d : max;
        }
        assertThat(distinct).hasSizeGreaterThan(900);
        // with 1,000 uniform draws over 750..1250 ms, both ends are approached
        assertThat(min).isLessThan(Duration.ofMillis(800));
        assertThat(max).isGreaterThan(Duration.ofMillis(1_200));
    }

    @Test
    void firstAttemptAfterALossWaitsARandomPartOfTheInitialDelay() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            Duration d = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10)).first();
            assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(1));
            seen.add(d.toMillis() / 100);
        }
        // spread over the whole second, not bunched
        assertThat(seen).hasSize(10);
    }
}
