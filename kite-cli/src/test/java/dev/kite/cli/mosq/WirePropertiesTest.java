package dev.kite.cli.mosq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.internal.client.PacketRewriter;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What kite pub and kite sub change on the wire for the -D properties kite-mqtt's API cannot send. */
class WirePropertiesTest {
    private static ToolConfig parse(Tool tool, String... argv) {
        ToolConfig cfg = new ToolConfig(tool);
        new ArgParser(cfg, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).parse(argv);
        return cfg;
    }

    private static PacketRewriter rewriter(Tool tool, String... argv) {
        return (PacketRewriter) WireProperties.listener(parse(tool, argv), null);
    }

    @Test
    void subscribeGetsItsUserPropertiesAfterTheIdentifier() {
        PacketRewriter r = rewriter(Tool.SUB, "-t", "a", "-D", "subscribe", "subscription-identifier", "5",
                "-D", "subscribe", "user-property", "k", "v", "-D", "subscribe", "user-property", "k", "w");
        Properties id = Properties.builder().number(Property.SUBSCRIPTION_IDENTIFIER, 5).build();
        Subscribe s = (Subscribe) r.rewrite(new Subscribe(1, List.of(new Subscribe.Subscription("a", 0)), id));
        assertThat(s.properties()).isEqualTo(Properties.builder().number(Property.SUBSCRIPTION_IDENTIFIER, 5)
                .userProperty("k", "v").userProperty("k", "w").build());
        Unsubscribe u = new Unsubscribe(2, List.of("a"));
        assertThat(r.rewrite(u)).isSameAs(u);
    }

    @Test
    void unsubscribeAndTheClosingDisconnectGetTheirProperties() {
        PacketRewriter r = rewriter(Tool.SUB, "-t", "a", "-U", "b", "-D", "unsubscribe", "user-property", "u", "1",
                "-D", "disconnect", "session-expiry-interval", "0", "-D", "disconnect", "reason-string", "bye");
        Unsubscribe u = (Unsubscribe) r.rewrite(new Unsubscribe(2, List.of("b")));
        assertThat(u.properties().userProperties()).containsExactly(new UserProperty("u", "1"));
        Disconnect d = (Disconnect) r.rewrite(Disconnect.INSTANCE);
        assertThat(d.reasonCode()).isZero();
        assertThat(d.properties()).isEqualTo(Properties.builder().number(Property.SESSION_EXPIRY_INTERVAL, 0)
                .string(Property.REASON_STRING, "bye").build());
        // a DISCONNECT for an error keeps its own reason code and properties
        Disconnect error = new Disconnect(0x82, Properties.builder().string(Property.REASON_STRING, "bad").build());
        assertThat(r.rewrite(error)).isSameAs(error);
    }

    @Test
    void theFirstPublishNamesTheTopicAndLaterOnesSendTheAliasAlone() {
        PacketRewriter r = rewriter(Tool.PUB, "-t", "a/b", "-m", "x", "-D", "publish", "topic-alias", "3",
                "-D", "publish", "content-type", "text/plain");
        Properties props = Properties.builder().string(Property.CONTENT_TYPE, "text/plain").build();
        Publish first = (Publish) r.rewrite(new Publish("a/b", new byte[1], 1, false, false, 1, props));
        Publish second = (Publish) r.rewrite(new Publish("a/b", new byte[1], 1, false, false, 2, props));
        Properties aliased = Properties.builder().string(Property.CONTENT_TYPE, "text/plain")
                .number(Property.TOPIC_ALIAS, 3).build();
        assertThat(first.topic()).isEqualTo("a/b");
        assertThat(first.properties()).isEqualTo(aliased);
        assertThat(second.topic()).isEmpty();
        assertThat(second.properties()).isEqualTo(aliased);
        assertThat(second.packetId()).isEqualTo(2);
    }

    @Test
    void withoutSuchPropertiesTheDebugListenerIsUsedAsItIs() {
        List<String> lines = new ArrayList<>();
        PacketListener debug = (direction, line) -> lines.add(line);
        assertThat(WireProperties.listener(parse(Tool.SUB, "-t", "a", "-V", "5"), debug)).isSameAs(debug);
        assertThat(WireProperties.listener(parse(Tool.SUB, "-t", "a", "-U", "b"), null)).isNull();
        // kite sub sends no PUBLISH: its -D publish properties change nothing
        assertThat(WireProperties.listener(parse(Tool.SUB, "-t", "a", "-D", "publish", "topic-alias", "2"), null))
                .isNull();
        PacketListener both = WireProperties.listener(parse(Tool.SUB, "-t", "a", "-D", "subscribe", "user-property",
                "k", "v"), debug);
        both.onPacket(PacketListener.Direction.SENT, "SUBSCRIBE (Mid: 1, Topic: a, QoS: 0, Options: 0x00)");
        assertThat(lines).containsExactly("SUBSCRIBE (Mid: 1, Topic: a, QoS: 0, Options: 0x00)");
    }
}
