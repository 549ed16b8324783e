package dev.kite.cli;

import static dev.kite.cli.PubSubDifferentialIT.same;
import static dev.kite.cli.PubSubDifferentialIT.show;
import static dev.kite.cli.Tools.run;
import static dev.kite.cli.Tools.subscribed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.cli.Tools.Impl;
import dev.kite.cli.Tools.Result;
import dev.kite.cli.Tools.Running;
import dev.kite.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT 5.0 properties mosquitto_pub and mosquitto_sub send that kite-mqtt's API has no call
 * for (-D subscribe user-property, -D unsubscribe, -D disconnect, -D publish topic-alias), and the
 * 5.0 output fields: each scenario runs with both tools against Mosquitto; where the broker shows
 * nothing of a property, a {@link WireTap} between tool and broker compares the packets byte for byte.
 */
class V5PropertiesDifferentialIT {
    private static final int PUBLISH = 3;
    private static final int SUBSCRIBE = 8;
    private static final int UNSUBSCRIBE = 10;
    private static final int DISCONNECT = 14;

    @TempDir
    Path tmp;

    /** Runs {@code tool} with both implementations through a tap; returns the transcript and the packets of {@code types}. */
    private static List<String> tapped(MosquittoBroker b, Impl impl, String tool, List<String> args, int... types) {
        try (WireTap tap = new WireTap(b.port())) {
            List<String> all = new ArrayList<>(List.of("-p", Integer.toString(tap.port())));
            all.addAll(args);
            List<String> out = new ArrayList<>();
            out.add(show(run(impl, tool, all.toArray(String[]::new))));
            for (byte[] packet : tap.packets(types)) {
                out.add(HexFormat.of().formatHex(packet));
            }
            return out;
        }
    }

    @Test
    void subscribe_unsubscribe_and_disconnect_properties_are_sent_as_mosquitto_sub_sends_them() {
        List<String> args = List.of("-V", "5", "-i", "wire", "-t", "a/#", "-t", "b", "-q", "1",
                "-D", "subscribe", "subscription-identifier", "5", "-D", "subscribe", "user-property", "k", "v",
                "-D", "subscribe", "user-property", "k", "w", "-U", "old/#", "-D", "unsubscribe", "user-property",
                "why", "tidy", "-D", "disconnect", "reason-string", "bye", "-D", "disconnect", "user-property", "d", "e",
                "-E");
        try (MosquittoBroker b = MosquittoBroker.start()) {
            List<String> mosquitto = tapped(b, Impl.MOSQUITTO, "sub", args, SUBSCRIBE, UNSUBSCRIBE, DISCONNECT);
            List<String> kite = tapped(b, Impl.KITE, "sub", args, SUBSCRIBE, UNSUBSCRIBE, DISCONNECT);
            assertThat(mosquitto).hasSize(4);
            // the SUBSCRIBE carries user property k=v: 0x26, "k", "v"
            assertThat(mosquitto.get(1)).startsWith("82").contains("260001" + "6b" + "0001" + "76");
            assertThat(mosquitto.get(3)).startsWith("e0").contains("1f0003" + "627965");
            assertThat(kite).isEqualTo(mosquitto);
        }
    }

    /**
     * -D publish topic-alias: the first PUBLISH names the topic and sets the alias, later ones
     * send the alias alone (mosquitto's -d log shows their topic as '(null)'); the broker
     * delivers all of them on the topic. -D disconnect session-expiry-interval 0 and a user
     * property go on the DISCONNECT.
     */
    @Test
    void publish_topic_alias_and_disconnect_properties_are_sent_as_mosquitto_pub_sends_them() {
        List<String> args = List.of("-V", "5", "-i", "aliaser", "-d", "-t", "a/b", "-m", "hi", "--repeat", "3", "-q", "1",
                "-D", "publish", "topic-alias", "3", "-D", "disconnect", "session-expiry-interval", "0",
                "-D", "disconnect", "user-property", "x", "y");
        List<String> expected;
        List<String> actual;
        String mosquittoSub;
        String kiteSub;
        try (MosquittoBroker b = MosquittoBroker.start()) {
            Running watch = subscribed(b, Impl.MOSQUITTO, "watch", "-t", "a/#", "-v", "-C", "6");
            expected = tapped(b, Impl.MOSQUITTO, "pub", args, PUBLISH, DISCONNECT);
            actual = tapped(b, Impl.KITE, "pub", args, PUBLISH, DISCONNECT);
            mosquittoSub = show(watch.await());
        }
        assertThat(expected.get(0)).contains("sending PUBLISH (d0, q1, r0, m2, '(null)', ... (2 bytes))");
        assertThat(mosquittoSub).isEqualTo("exit=0\nstdout:\n" + "a/b hi\n".repeat(6) + "\nstderr:\n\n");
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * A topic alias above Mosquitto's maximum (10): the broker answers DISCONNECT 0x94 to the
     * QoS 1 PUBLISH, and the tool reports that it is no longer connected and exits 4.
     */
    @Test
    void topic_alias_above_the_brokers_maximum_ends_the_connection() {
        same((impl, b) -> show(run(impl, "pub", "-p", Integer.toString(b.port()), "-i", "alias30", "-d", "-t", "a/b",
                "-m", "hi", "-q", "1", "-D", "publish", "topic-alias", "30")));
    }

    /** -D disconnect session-expiry-interval 0 ends a session CONNECT asked to keep: nothing is queued for it. */
    @Test
    void disconnect_session_expiry_zero_ends_the_session() {
        same((impl, b) -> {
            String p = Integer.toString(b.port());
            String out = show(run(impl, "sub", "-p", p, "-V", "5", "-i", "keep", "-c", "-x", "60", "-t", "k", "-q", "1",
                    "-E", "-D", "disconnect", "session-expiry-interval", "0"));
            out += show(run(Impl.MOSQUITTO, "pub", "-p", p, "-V", "5", "-t", "k", "-m", "lost", "-q", "1"));
            out += show(run(impl, "sub", "-p", p, "-V", "5", "-i", "keep", "-c", "-x", "60", "-t", "k", "-q", "1",
                    "-W", "1", "-v"));
            out += show(run(impl, "sub", "-p", p, "-V", "5", "-i", "keep2", "-c", "-x", "60", "-t", "k", "-q", "1",
                    "-E"));
            out += show(run(Impl.MOSQUITTO, "pub", "-p", p, "-V", "5", "-t", "k", "-m", "kept", "-q", "1"));
            out += show(run(impl, "sub", "-p", p, "-V", "5", "-i", "keep2", "-c", "-x", "60", "-t", "k", "-q", "1",
                    "-C", "1", "-v"));
            return out;
        });
    }

    /**
     * %F and the JSON "payload-format-indicator" print an explicit 0 (and nothing when absent);
     * %A prints nothing (Mosquitto sends subscribers no topic alias); %j escapes quotes,
     * backslashes and control characters as cJSON does, in the topic too, cuts the payload at a
     * NUL and prints an empty one as null.
     */
    @Test
    void format_indicator_topic_alias_and_json_escapes() throws Exception {
        Path odd = tmp.resolve("odd");
        Files.write(odd, new byte[] {'q', '"', 'b', '\\', '/', 1, '\t', '\n', '\b', '\f', '\r', 0x1f, 0x7f,
            (byte) 0xc3, (byte) 0xa9, (byte) 0xff, 0, 'z'});
        try (MosquittoBroker b = MosquittoBroker.start()) {
            String p = Integer.toString(b.port());
            String[] sub = {"-V", "5", "-t", "j/#", "-C", "6", "-F", "[%A][%F][%03F][%-3F] %j"};
            Running ms = subscribed(b, Impl.MOSQUITTO, "msf", sub);
            Running ks = subscribed(b, Impl.KITE, "ksf", sub);
            String topic = "j/\"q\\";
            assertThat(run(Impl.MOSQUITTO, "pub", "-p", p, "-t", topic, "-f", odd.toString(),
                    "-D", "publish", "payload-format-indicator", "0").exit()).isZero();
            assertThat(run(Impl.KITE, "pub", "-p", p, "-t", topic, "-f", odd.toString(),
                    "-D", "publish", "payload-format-indicator", "0", "-D", "publish", "topic-alias", "1").exit()).isZero();
            assertThat(run(Impl.KITE, "pub", "-p", p, "-t", "j/1", "-m", "x",
                    "-D", "publish", "payload-format-indicator", "1").exit()).isZero();
            assertThat(run(Impl.MOSQUITTO, "pub", "-p", p, "-V", "5", "-t", "j/none", "-m", "x").exit()).isZero();
            assertThat(run(Impl.MOSQUITTO, "pub", "-p", p, "-t", "j/empty", "-n", "-q", "1").exit()).isZero();
            assertThat(run(Impl.KITE, "pub", "-p", p, "-t", "j/empty", "-n", "-q", "2").exit()).isZero();
            String m = ms.await().stdout().replaceAll("\"tst\":\"[^\"]*\"", "TST");
            String k = ks.await().stdout().replaceAll("\"tst\":\"[^\"]*\"", "TST");
            assertThat(m).contains("[][0][000][0  ] {TST,\"topic\":\"j/\\\"q\\\\\",")
                    .contains("\"payload\":\"q\\\"b\\\\/\\u0001\\t\\n\\b\\f\\r\\u001f\u007f\u00e9")
                    .contains("\"payload\":null");
            assertThat(k).isEqualTo(m);
        }
    }

    /** -d: SUBSCRIBE options as libmosquitto logs them at 5.0 (-R is retain handling 2: 0x20; RAP 0x08). */
    @Test
    void debug_log_shows_the_subscription_options() {
        same((impl, b) -> show(run(impl, "sub", "-p", Integer.toString(b.port()), "-V", "5", "-i", "opts", "-d",
                "-t", "a", "-t", "b/#", "-q", "1", "-R", "--retain-as-published", "-E"))
                + show(run(impl, "sub", "-p", Integer.toString(b.port()), "-i", "opts3", "-d", "-t", "a",
                "--retain-as-published", "-E")));
    }
}
