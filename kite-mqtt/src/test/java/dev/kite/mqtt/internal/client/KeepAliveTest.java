package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.internal.client.KeepAlive.Action;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The keepalive policy, driven by hand-picked times: no test waits. */
class KeepAliveTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long START = 1_000 * S;

    private final KeepAlive k = new KeepAlive(10 * S, 3 * S, START);

    @Test
    void nothingIsDueBeforeTheKeepaliveHasPassed() {
        assertThat(k.tick(START)).isEqualTo(Action.NOTHING);
        assertThat(k.tick(START + 10 * S - 1)).isEqualTo(Action.NOTHING);
    }

    @Test
    void aPingreqIsDueAfterKeepaliveOfSilenceBothWays() {
        assertThat(k.tick(START + 10 * S)).isEqualTo(Action.SEND_PINGREQ);
    }

    @Test
    void trafficBothWaysPutsThePingOff() {
        k.sent(START + 6 * S);
        k.received(START + 7 * S);
        assertThat(k.tick(START + 15 * S)).isEqualTo(Action.NOTHING);
        assertThat(k.tick(START + 16 * S)).as("keepalive since the last send").isEqualTo(Action.SEND_PINGREQ);
    }

    @Test
    void sendingAloneDoesNotPutThePingOffWhenNothingIsReceived() {
        k.sent(START + 9 * S);
        assertThat(k.tick(START + 10 * S)).as("nothing received for keepalive").isEqualTo(Action.SEND_PINGREQ);
    }

    @Test
    void receivingAloneDoesNotPutThePingOffWhenNothingIsSent() {
        // [MQTT-3.1.2-23] the client must send within the keepalive, whatever it receives
        k.received(START + 9 * S);
        assertThat(k.tick(START + 10 * S)).isEqualTo(Action.SEND_PINGREQ);
    }

    @Test
    void oneOutstandingPingAtATime() {
        assertThat(k.tick(START + 10 * S)).isEqualTo(Action.SEND_PINGREQ);
        assertThat(k.tick(START + 11 * S)).isEqualTo(Action.NOTHING);
        assertThat(k.tick(START + 13 * S - 1)).isEqualTo(Action.NOTHING);
    }

    @Test
    void noPingrespWithinThePingTimeoutIsDeath() {
        k.tick(START + 10 * S);
        assertThat(k.tick(START + 13 * S)).isEqualTo(Action.DEAD);
        assertThat(k.deadReason("tcp://b:1883"))
                .isEqualTo("no PINGRESP from tcp://b:1883 within 3000 ms: the connection is lost");
    }

    @Test
    void otherPacketsDoNotAnswerAPing() {
        k.tick(START + 10 * S);
        k.received(START + 11 * S);
        k.sent(START + 12 * S);
        assertThat(k.tick(START + 13 * S)).isEqualTo(Action.DEAD);
    }

    @Test
    void aPingrespAnswersThePingAndTheNextComesAfterTheNextSilence() {
        k.tick(START + 10 * S);
        k.sent(START + 10 * S);
        k.pingresp();
        k.received(START + 11 * S);
        assertThat(k.tick(START + 13 * S)).isEqualTo(Action.NOTHING);
        assertThat(k.tick(START + 20 * S)).isEqualTo(Action.SEND_PINGREQ);
    }

    @Test
    void aPingThatCouldNotBeQueuedIsTriedAgainAtTheNextTick() {
        assertThat(k.tick(START + 10 * S)).isEqualTo(Action.SEND_PINGREQ);
        k.pingNotSent();
        assertThat(k.tick(START + 14 * S)).as("not dead: no ping was out").isEqualTo(Action.SEND_PINGREQ);
    }

    @Test
    void timesAreComparedAcrossTheWrapOfTheNanosecondClock() {
        KeepAlive wrapping = new KeepAlive(10 * S, 3 * S, Long.MAX_VALUE - S);
        assertThat(wrapping.tick(Long.MAX_VALUE - S + 9 * S)).isEqualTo(Action.NOTHING);
        assertThat(wrapping.tick(Long.MAX_VALUE - S + 10 * S)).isEqualTo(Action.SEND_PINGREQ);
    }

    @Test
    void aZeroKeepaliveNeverPings() {
        KeepAlive off = new KeepAlive(0, 3 * S, START);
        assertThat(off.enabled()).isFalse();
        assertThat(off.tick(START + 1_000 * S)).isEqualTo(Action.NOTHING);
    }
}
