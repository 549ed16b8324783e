package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The INFO summary line: counts in a fixed order, a few names, nothing when nothing happened. */
class SummaryTest {
    @Test
    void theLineCountsEachEventAndNamesAFewClients() {
        Map<Summary.Event, Long> counts = new EnumMap<>(Summary.Event.class);
        Map<Summary.Event, List<String>> names = new EnumMap<>(Summary.Event.class);
        counts.put(Summary.Event.DISCONNECTED, 1L);
        names.put(Summary.Event.DISCONNECTED, List.of("c-9"));
        counts.put(Summary.Event.CONNECTED, 200L);
        names.put(Summary.Event.CONNECTED, List.of("c-1", "c-2", "c-3"));
        assertThat(Summary.line(counts, names)).isEqualTo("200 connected (c-1, c-2, c-3, ...), 1 disconnected (c-9)");
    }

    @Test
    void aQuietWindowHasNoLine() {
        assertThat(Summary.line(new EnumMap<>(Summary.Event.class), new EnumMap<>(Summary.Event.class))).isNull();
    }
}
