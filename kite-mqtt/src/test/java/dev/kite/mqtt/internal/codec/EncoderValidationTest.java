package dev.kite.mqtt.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Subscribe.Subscription;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The encoder refuses packets a receiver would have to treat as malformed, and writes nothing then. */
class EncoderValidationTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> encoding(Packet p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AbstractThrowableAssert<?, ? extends Throwable> a = assertThatThrownBy(() -> Encoder.write(p, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.size()).isZero();
        return a;
    }

    private static Connect connect(String clientId, Connect.Will will, String user, byte[] password) {
        return new Connect(ProtocolVersion.MQTT_3_1_1, false, true, 30, clientId, will, user, password);
    }

    @Test
    void packetId0() {
        encoding(new Puback(0)).hasMessage("PUBACK: packet id 0 must be 1 to 65535 [MQTT-2.3.1-1]");
        encoding(new Publish("t", new byte[0], 1, false, false, 0)).hasMessageContaining("PUBLISH: packet id 0");
    }

    @Test
    void packetIdAbove65535() {
        encoding(new Puback(65_536)).hasMessageContaining("packet id 65536");
    }

    @Test
    void publishQos3() {
        encoding(new Publish("t", new byte[0], 3, false, false, 1)).hasMessage("PUBLISH: QoS 3 must be 0, 1 or 2 [MQTT-3.3.1-4]");
    }

    @Test
    void publishQos0WithPacketIdOrDup() {
        encoding(new Publish("t", new byte[0], 0, false, false, 5)).hasMessageContaining("[MQTT-2.3.1-5]");
        encoding(new Publish("t", new byte[0], 0, false, true, 0)).hasMessageContaining("[MQTT-3.3.1-2]");
    }

    @Test
    void publishToWildcardTopic() {
        encoding(new Publish("a/#", new byte[0], 0, false, false, 0)).hasMessageStartingWith("PUBLISH: topic name 'a/#'");
    }

    @Test
    void stringLongerThan65535Bytes() {
        String longId = "x".repeat(65_536);
        encoding(connect(longId, null, null, null))
                .hasMessage("CONNECT: client identifier: 65536 bytes of UTF-8, must be at most 65535 (section 1.5.3)");
    }

    @Test
    void stringOfExactly65535BytesIsFine() {
        byte[] bytes = Encoder.encode(connect("x".repeat(65_535), null, null, null));
        assertThat(Bytes.decode(bytes)).hasSize(1);
    }

    @Test
    void nulInAString() {
        encoding(connect("a\0b", null, null, null))
                .hasMessage("CONNECT: client identifier: must not contain U+0000 (at index 1) [MQTT-1.5.3-2]");
    }

    @Test
    void unpairedSurrogate() {
        encoding(connect("a\uD800", null, null, null)).hasMessageContaining("unpaired surrogate at index 1");
    }

    @Test
    void passwordWithoutUserName() {
        encoding(connect("c", null, null, "pw".getBytes(UTF_8))).hasMessageContaining("[MQTT-3.1.2-22]");
    }

    @Test
    void willQos3() {
        encoding(connect("c", new Connect.Will("w", new byte[0], 3, false), null, null))
                .hasMessageContaining("CONNECT: will: QoS 3");
    }

    @Test
    void passwordLongerThan65535Bytes() {
        encoding(connect("c", null, "u", new byte[65_536])).hasMessageContaining("password of 65536 bytes");
    }

    @Test
    void keepAliveOutOfRange() {
        encoding(new Connect(ProtocolVersion.MQTT_3_1_1, false, true, 65_536, "c", null, null, null))
                .hasMessageContaining("keep alive 65536");
    }

    @Test
    void subscribeWithoutFilters() {
        encoding(new Subscribe(1, List.of())).hasMessageContaining("[MQTT-3.8.3-3]");
    }

    @Test
    void subscribeWithInvalidFilterOrQos() {
        encoding(new Subscribe(1, List.of(new Subscription("a/#/b", 0)))).hasMessageContaining("'#' must be the last level");
        encoding(new Subscribe(1, List.of(new Subscription("a", 3)))).hasMessageContaining("QoS 3");
    }

    @Test
    void unsubscribeWithoutFilters() {
        encoding(new Unsubscribe(1, List.of())).hasMessageContaining("[MQTT-3.10.3-2]");
    }

    @Test
    void subackWithUnknownCode() {
        encoding(new Suback(1, List.of(0x81))).hasMessageContaining("return code 129");
    }

    @Test
    void connackWithUnknownCode() {
        encoding(new Connack(false, 6)).hasMessageContaining("CONNACK: return code 6");
    }
}
