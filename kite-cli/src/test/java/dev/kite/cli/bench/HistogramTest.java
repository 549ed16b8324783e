package dev.kite.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void buckets_are_contiguous_and_values_fall_inside_their_bucket() {
        int last = -1;
        for (long v = 0; v < 1 << 20; v++) {
            int i = Histogram.index(v);
            assertThat(i).isIn(last, last + 1);
            last = i;
        }
        for (long v : new long[] {1L << 40, (1L << 40) + 12345, Long.MAX_VALUE}) {
            long mid = Histogram.value(Histogram.index(v));
            assertThat((double) mid).isCloseTo((double) v, within(v / 32.0));
        }
    }

    @Test
    void small_values_are_exact() {
        Histogram h = new Histogram();
        for (int v = 0; v < 64; v++) {
            h.record(v);
        }
        assertThat(h.min()).isZero();
        assertThat(h.max()).isEqualTo(63);
        assertThat(h.percentile(0.5)).isEqualTo(31);
        assertThat(h.count()).isEqualTo(64);
    }

    @Test
    void percentiles_of_a_uniform_spread_are_within_3_percent() {
        Histogram h = new Histogram();
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            h.record(1_000_000 + r.nextInt(9_000_000));          // 1 ms .. 10 ms in ns
        }
        assertThat((double) h.percentile(0.5)).isCloseTo(5_500_000, within(5_500_000 * 0.03));
        assertThat((double) h.percentile(0.99)).isCloseTo(9_910_000, within(9_910_000 * 0.03));
        assertThat(h.percentile(1.0)).isLessThanOrEqualTo(10_000_000 + 10_000_000 / 32);
    }

    @Test
    void drain_moves_counts_into_the_totals() {
        Histogram interval = new Histogram();
        Histogram total = new Histogram();
        Histogram second = new Histogram();
        interval.record(100);
        interval.record(1_000_000);
        interval.drainInto(total, second);
        assertThat(interval.count()).isZero();
        assertThat(total.count()).isEqualTo(2);
        assertThat(second.count()).isEqualTo(2);
        assertThat(new Histogram().percentile(0.5)).isEqualTo(-1);
    }
}
