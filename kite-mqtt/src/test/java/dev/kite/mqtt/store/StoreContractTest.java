package dev.kite.mqtt.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Store} contract, run against every implementation by a subclass. */
abstract class StoreContractTest {
    protected Store store;

    /** Returns a new, unopened store with nothing in it. */
    protected abstract Store newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
        store.open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void startsEmpty() {
        assertThat(store.keys()).isEmpty();
        assertThat(store.get(StoreKey.outbound(1))).isNull();
    }

    @Test
    void getReturnsWhatWasPut() {
        store.put(StoreKey.outbound(7), bytes("seven"));
        store.put(StoreKey.inbound(7), bytes("in-seven"));

        assertThat(store.get(StoreKey.outbound(7))).isEqualTo(bytes("seven"));
        assertThat(store.get(StoreKey.inbound(7))).isEqualTo(bytes("in-seven"));
        assertThat(store.get(StoreKey.outbound(8))).isNull();
    }

    @Test
    void keysAreOrderedByKindThenId() {
        store.put(StoreKey.inbound(2), bytes("i2"));
        store.put(StoreKey.outbound(30), bytes("o30"));
        store.put(StoreKey.inbound(1), bytes("i1"));
        store.put(StoreKey.outbound(4), bytes("o4"));
        store.put(StoreKey.outbound(Long.MAX_VALUE), bytes("max"));
        store.put(StoreKey.outbound(0), bytes("o0"));

        assertThat(store.keys()).containsExactly(StoreKey.outbound(0), StoreKey.outbound(4),
                StoreKey.outbound(30), StoreKey.outbound(Long.MAX_VALUE), StoreKey.inbound(1), StoreKey.inbound(2));
    }

    @Test
    void putReplaces() {
        store.put(StoreKey.outbound(1), bytes("publish"));
        store.put(StoreKey.outbound(1), bytes("pubrel"));

        assertThat(store.get(StoreKey.outbound(1))).isEqualTo(bytes("pubrel"));
        assertThat(store.keys()).containsExactly(StoreKey.outbound(1));
    }

    @Test
    void emptyValueIsStored() {
        store.put(StoreKey.inbound(3), new byte[0]);

        assertThat(store.get(StoreKey.inbound(3))).isEmpty();
        assertThat(store.keys()).containsExactly(StoreKey.inbound(3));
    }

    @Test
    void deleteRemovesOnlyThatKey() {
        store.put(StoreKey.outbound(1), bytes("a"));
        store.put(StoreKey.outbound(2), bytes("b"));
        store.put(StoreKey.inbound(1), bytes("c"));

        store.delete(StoreKey.outbound(1));

        assertThat(store.get(StoreKey.outbound(1))).isNull();
        assertThat(store.keys()).containsExactly(StoreKey.outbound(2), StoreKey.inbound(1));
    }

    @Test
    void deletingAnAbsentKeyDoesNothing() {
        store.put(StoreKey.outbound(1), bytes("a"));

        store.delete(StoreKey.outbound(2));
        store.delete(StoreKey.inbound(1));

        assertThat(store.keys()).containsExactly(StoreKey.outbound(1));
    }

    @Test
    void resetRemovesEverything() {
        store.put(StoreKey.outbound(1), bytes("a"));
        store.put(StoreKey.inbound(1), bytes("b"));

        store.reset();

        assertThat(store.keys()).isEmpty();
        store.put(StoreKey.outbound(2), bytes("after"));
        assertThat(store.keys()).containsExactly(StoreKey.outbound(2));
    }

    @Test
    void entriesSurviveCloseAndOpenOfTheSameStore() {
        store.put(StoreKey.outbound(1), bytes("a"));
        store.put(StoreKey.inbound(9), bytes("b"));
        store.delete(StoreKey.outbound(1));
        store.put(StoreKey.outbound(2), bytes("c"));

        store.close();
        store.open();

        assertThat(store.keys()).containsExactly(StoreKey.outbound(2), StoreKey.inbound(9));
        assertThat(store.get(StoreKey.outbound(2))).isEqualTo(bytes("c"));
    }

    @Test
    void closeTwiceIsHarmless() {
        store.close();
        store.close();
        store.open();
    }
}
