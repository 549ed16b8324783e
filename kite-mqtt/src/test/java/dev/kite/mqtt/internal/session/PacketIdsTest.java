package dev.kite.mqtt.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketIdsTest {
    private final PacketIds ids = new PacketIds();

    @Test
    void idsStartAtOneAndCountUp() {
        assertThat(ids.take()).isEqualTo(1);
        assertThat(ids.take()).isEqualTo(2);
        assertThat(ids.take()).isEqualTo(3);
        assertThat(ids.inUse()).isEqualTo(3);
    }

    @Test
    void releasedIdIsNotReusedRightAwayButTheNextOneIs() {
        int first = ids.take();
        ids.release(first);
        assertThat(ids.take()).isEqualTo(2);
        assertThat(ids.isUsed(first)).isFalse();
    }

    @Test
    void allIdsTakenThenZeroMeansExhausted_MQTT_2_3_1() {
        for (int i = 1; i <= 65_535; i++) {
            assertThat(ids.take()).isEqualTo(i);
        }
        assertThat(ids.inUse()).isEqualTo(65_535);
        assertThat(ids.take()).isZero();
        assertThat(ids.take()).isZero();
    }

    @Test
    void afterExhaustionAReleasedIdIsReused() {
        for (int i = 1; i <= 65_535; i++) {
            ids.take();
        }
        ids.release(4711);
        assertThat(ids.take()).isEqualTo(4711);
        assertThat(ids.take()).isZero();
    }

    @Test
    void wrapsAfter65535AndSkipsIdsInUse() {
        for (int i = 1; i <= 65_535; i++) {
            ids.take();
        }
        // 1 and 2 stay in use; 3 and 70 are free again
        ids.release(3);
        ids.release(70);
        assertThat(ids.take()).isEqualTo(3);
        assertThat(ids.take()).isEqualTo(70);
        assertThat(ids.take()).isZero();
    }

    @Test
    void wrapFromTheTopSkipsIdsStillInUse() {
        for (int i = 1; i <= 65_535; i++) {
            ids.take();
        }
        for (int i = 1; i <= 65_535; i++) {
            if (i != 1 && i != 2) {
                ids.release(i);
            }
        }
        // last issued was 65535: the next is the first free id after wrapping, skipping 1 and 2
        assertThat(ids.take()).isEqualTo(3);
    }

    @Test
    void takeNeverReturnsZeroOrAnIdInUse() {
        ids.claim(1);
        ids.claim(2);
        assertThat(ids.take()).isEqualTo(3);
    }

    @Test
    void claimRefusesAnIdInUse() {
        assertThat(ids.claim(10)).isTrue();
        assertThat(ids.claim(10)).isFalse();
        assertThat(ids.inUse()).isEqualTo(1);
    }

    @Test
    void claimRefusesIdsOutsideTheRange_MQTT_2_3_1_1() {
        assertThatThrownBy(() -> ids.claim(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> ids.claim(65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ids.inUse()).isZero();
    }

    @Test
    void releasingAFreeIdOrZeroChangesNothing() {
        ids.take();
        ids.release(9);
        ids.release(0);
        ids.release(1);
        ids.release(1);
        assertThat(ids.inUse()).isZero();
    }

    @Test
    void clearFreesEverything() {
        for (int i = 0; i < 100; i++) {
            ids.take();
        }
        ids.clear();
        assertThat(ids.inUse()).isZero();
        assertThat(ids.isUsed(50)).isFalse();
        assertThat(ids.take()).isNotZero();
    }
}
