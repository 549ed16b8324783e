package dev.kite.mqtt.internal.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Packets are logged at TRACE through toString: never a password or a payload. */
class PacketToStringTest {
    @Test
    void connectNeverShowsThePassword() {
        Connect c = new Connect(ProtocolVersion.MQTT_3_1_1, false, true, 30, "id", null, "user",
                "hunter2".getBytes(StandardCharsets.UTF_8));
        assertThat(c.toString()).doesNotContain("hunter2").contains("password=****");
    }

    @Test
    void publishShowsThePayloadSizeNotThePayload() {
        Publish p = new Publish("a/b", "top secret".getBytes(StandardCharsets.UTF_8), 1, true, false, 7);
        assertThat(p.toString()).doesNotContain("top secret").contains("10 bytes").contains("packetId=7");
    }
}
