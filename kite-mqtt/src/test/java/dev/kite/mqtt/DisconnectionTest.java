package dev.kite.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The value a client's MQTT 5.0 DISCONNECT is made from, checked at each call. */
class DisconnectionTest {
    @Test
    void theConstantsAreTheTwoCodesOnlyAClientSendsWithoutError() {
        assertThat(Disconnection.NORMAL.reasonCode()).isZero();
        assertThat(Disconnection.NORMAL.isPlain()).isTrue();
        assertThat(Disconnection.WITH_WILL.reasonCode()).isEqualTo(0x04);
        assertThat(Disconnection.WITH_WILL.isPlain()).isFalse();
        assertThat(Disconnection.of(0)).isEqualTo(Disconnection.NORMAL);
    }

    @Test
    void aCodeOnlyAServerSendsIsRefused_MQTT_3_14_2_1() {
        for (int code : new int[] {0x01, 0x87, 0x8E, 0x9C, 0xA2, -1, 256}) {
            assertThatThrownBy(() -> Disconnection.of(code)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[MQTT-3.14.2-1]");
        }
        for (int code : new int[] {0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99}) {
            assertThat(Disconnection.of(code).reasonCode()).isEqualTo(code);
        }
    }

    @Test
    void eachWithReturnsANewValueAndKeepsTheRest() {
        Disconnection d = Disconnection.WITH_WILL.withSessionExpiry(Duration.ofMinutes(5))
                .withReasonString("maintenance").withUserProperty("a", "1").withUserProperty("a", "2");

        assertThat(d.reasonCode()).isEqualTo(0x04);
        assertThat(d.sessionExpiry()).contains(Duration.ofMinutes(5));
        assertThat(d.reasonString()).contains("maintenance");
        assertThat(d.userProperties()).containsExactly(new UserProperty("a", "1"), new UserProperty("a", "2"));
        assertThat(Disconnection.WITH_WILL.sessionExpiry()).isEmpty();
        assertThat(d.toString()).contains("0x04").contains("maintenance");
    }

    @Test
    void badPropertiesAreRefusedAtTheCall() {
        assertThatThrownBy(() -> Disconnection.NORMAL.withSessionExpiry(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session expiry");
        assertThatThrownBy(() -> Disconnection.NORMAL.withSessionExpiry(Duration.ofSeconds(0x1_0000_0000L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Disconnection.NORMAL.withSessionExpiry(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Disconnection.NORMAL.withReasonString("a\u0000b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Disconnection.NORMAL.withReasonString(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
