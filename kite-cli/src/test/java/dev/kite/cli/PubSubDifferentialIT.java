package dev.kite.cli;

import static dev.kite.cli.Tools.run;
import static dev.kite.cli.Tools.subscribed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.cli.Tools.Impl;
import dev.kite.cli.Tools.Result;
import dev.kite.cli.Tools.Running;
import dev.kite.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario runs twice on a fresh Mosquitto, once with mosquitto_pub/mosquitto_sub and once
 * with kite pub/kite sub, and the two transcripts (stdout bytes, stderr, exit codes) must be equal.
 */
class PubSubDifferentialIT {
    @TempDir
    Path tmp;

    /** Runs a scenario with both implementations, each on its own broker, and compares. */
    static void same(BiFunction<Impl, MosquittoBroker, String> scenario) {
        String expected;
        try (MosquittoBroker b = MosquittoBroker.start()) {
            expected = scenario.apply(Impl.MOSQUITTO, b);
        }
        String actual;
        try (MosquittoBroker b = MosquittoBroker.start()) {
            actual = scenario.apply(Impl.KITE, b);
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static String p(MosquittoBroker b) {
        return Integer.toString(b.port());
    }

    /** A run's exit code, stdout and stderr as one text to compare. */
    static String show(Result r) {
        return "exit=" + r.exit() + "\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.err() + "\n";
    }

    private static String pub(Impl impl, MosquittoBroker b, String... args) {
        List<String> all = new ArrayList<>(List.of("-p", p(b)));
        all.addAll(List.of(args));
        return "pub " + show(run(impl, "pub", all.toArray(String[]::new)));
    }

    @Test
    void qos0_1_2_verbose() {
        same((impl, b) -> {
            Running sub = subscribed(b, impl, "s1", "-t", "q/#", "-q", "2", "-v", "-C", "3");
            String pubs = pub(impl, b, "-t", "q/0", "-m", "zero", "-q", "0")
                    + pub(impl, b, "-t", "q/1", "-m", "one", "-q", "1")
                    + pub(impl, b, "-t", "q/2", "-m", "two", "-q", "2");
            return pubs + show(sub.await());
        });
    }

    @Test
    void qos_shown_by_format_is_the_minimum_of_both() {
        same((impl, b) -> {
            Running sub = subscribed(b, impl, "s1", "-t", "q/#", "-q", "1", "-F", "%t %q %r %l %p", "-C", "2");
            String pubs = pub(impl, b, "-t", "q/2", "-m", "two", "-q", "2")
                    + pub(impl, b, "-t", "q/0", "-m", "zero", "-q", "0");
            return pubs + show(sub.await());
        });
    }

    @Test
    void retained_then_cleared() {
        same((impl, b) -> {
            String out = pub(impl, b, "-t", "r/a", "-m", "kept", "-r", "-q", "1");
            out += show(run(impl, "sub", "-p", p(b), "-t", "r/#", "-v", "-C", "1"));
            out += pub(impl, b, "-t", "r/a", "-n", "-r");
            out += show(run(impl, "sub", "-p", p(b), "-t", "r/#", "-v", "-W", "1"));
            return out;
        });
    }

    @Test
    void no_retained_with_R_and_retained_only() {
        same((impl, b) -> {
            String out = pub(impl, b, "-t", "r/a", "-m", "old", "-r");
            Running sub = subscribed(b, impl, "s1", "-t", "r/#", "-v", "-R", "-C", "1");
            out += pub(impl, b, "-t", "r/b", "-m", "new");
            out += show(sub.await());
            Running only = subscribed(b, impl, "s2", "-t", "r/#", "-v", "--retained-only");
            out += pub(impl, b, "-t", "r/c", "-m", "live");
            out += show(only.await());
            return out;
        });
    }

    @Test
    void will_on_sigkill() {
        same((impl, b) -> {
            Running watcher = subscribed(b, impl, "watch", "-t", "will/#", "-v", "-C", "1");
            Running victim = subscribed(b, impl, "victim", "-t", "nothing", "--will-topic", "will/victim",
                    "--will-payload", "gone", "--will-qos", "1");
            victim.process.destroyForcibly();
            return show(watcher.await());
        });
    }

    @Test
    void no_will_on_sigterm_and_exit_0() {
        same((impl, b) -> {
            Running victim = subscribed(b, impl, "victim", "-t", "nothing", "--will-topic", "will/victim",
                    "--will-payload", "gone");
            victim.process.destroy();
            Result v = victim.await();
            Result w = run(impl, "sub", "-p", p(b), "-t", "will/#", "-v", "-W", "1");
            return show(v) + show(w);
        });
    }

    @Test
    void persistent_session_gets_what_was_queued_offline() {
        same((impl, b) -> {
            String out = show(run(impl, "sub", "-p", p(b), "-c", "-i", "pers", "-q", "1", "-t", "p/#", "-E"));
            Tools.awaitGone(b, "pers", 1);
            out += pub(impl, b, "-t", "p/1", "-m", "while away 1", "-q", "1");
            out += pub(impl, b, "-t", "p/2", "-m", "while away 2", "-q", "2");
            out += show(run(impl, "sub", "-p", p(b), "-c", "-i", "pers", "-q", "1", "-t", "p/#", "-v", "-C", "2"));
            return out;
        });
    }

    @Test
    void count_and_timeout_exit_codes() {
        same((impl, b) -> {
            Running sub = subscribed(b, impl, "s1", "-t", "c", "-C", "5", "-W", "2");
            String out = pub(impl, b, "-t", "c", "-m", "only one");
            return out + show(sub.await());
        });
    }

    @Test
    void lines_from_stdin_and_no_eol() {
        same((impl, b) -> {
            Running sub = subscribed(b, impl, "s1", "-t", "l", "-N", "-C", "4");
            byte[] lines = "first\n\nthird\nlast without newline".getBytes(StandardCharsets.UTF_8);
            Result pub = run(impl, "pub", lines, "-p", p(b), "-t", "l", "-l", "-q", "1");
            Result got = sub.await();
            return "pub " + show(pub) + show(got);
        });
    }

    @Test
    void stdin_file_null_message_and_message() {
        same((impl, b) -> {
            Running sub = subscribed(b, impl, "s1", "-t", "m/#", "-v", "-C", "3");
            Result s = run(impl, "pub", "whole\nstdin\n".getBytes(StandardCharsets.UTF_8), "-p", p(b), "-t", "m/s", "-s");
            String out = "pub " + show(s) + pub(impl, b, "-t", "m/n", "-n") + pub(impl, b, "-t", "m/m", "-m", "text");
            return out + show(sub.await());
        });
    }

    @Test
    void binary_payload_through_file_and_N_keeps_every_byte() throws Exception {
        payloadThroughFileKeepsEveryByte(70_000);
    }

    /** Over the library's 4 MiB default inbound limit: kite sub takes what mosquitto_sub takes. */
    @Test
    void a_message_over_four_mebibytes_arrives_whole() throws Exception {
        payloadThroughFileKeepsEveryByte(6 * 1024 * 1024);
    }

    private void payloadThroughFileKeepsEveryByte(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        Path file = tmp.resolve("payload.bin");
        Files.write(file, data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        same((impl, b) -> {
            Running sub = subscribed(b, impl, "s1", "-t", "bin", "-N", "-C", "1", "-q", "1");
            String out = pub(impl, b, "-t", "bin", "-f", file.toString(), "-q", "1");
            Result got = sub.await();
            try {
                String gotSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(got.out()));
                assertThat(gotSha).as(impl + " sha256").isEqualTo(sha);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
            return out + "exit=" + got.exit() + " bytes=" + got.out().length + " stderr=" + got.err();
        });
    }

    @Test
    void overlapping_subscriptions_print_what_the_broker_sends() {
        same((impl, b) -> {
            Running sub = subscribed(b, impl, "s1", "-t", "o/#", "-t", "o/+", "-t", "o/x", "-v", "-W", "2");
            String out = pub(impl, b, "-t", "o/x", "-m", "once");
            return out + show(sub.await());
        });
    }

    @Test
    void sys_topics_not_matched_by_hash() {
        same((impl, b) -> {
            Running sub = subscribed(b, impl, "s1", "-t", "#", "-v", "-C", "1");
            String out = pub(impl, b, "-t", "plain", "-m", "first");
            return out + show(sub.await());
        });
    }

    @Test
    void filter_out_with_T() {
        same((impl, b) -> {
            Running sub = subscribed(b, impl, "s1", "-t", "t/#", "-T", "t/skip/#", "-v", "-C", "1");
            String out = pub(impl, b, "-t", "t/skip/1", "-m", "no") + pub(impl, b, "-t", "t/keep", "-m", "yes");
            return out + show(sub.await());
        });
    }

    @Test
    void unsubscribe_with_U_in_a_persistent_session() {
        same((impl, b) -> {
            String out = show(run(impl, "sub", "-p", p(b), "-c", "-i", "u1", "-q", "1", "-t", "u/a", "-E"));
            Tools.awaitGone(b, "u1", 1);
            Running sub = Tools.start(impl, "sub", null, "-p", p(b), "-i", "u1", "-c", "-q", "1", "-t", "u/b",
                    "-U", "u/a", "-v", "-C", "1");
            Tools.awaitLog(b, "Received UNSUBSCRIBE from u1");
            out += pub(impl, b, "-t", "u/a", "-m", "unsubscribed", "-q", "1");
            out += pub(impl, b, "-t", "u/b", "-m", "subscribed", "-q", "1");
            return out + show(sub.await());
        });
    }

    @Test
    void formats() {
        same((impl, b) -> {
            Running sub = subscribed(b, impl, "s1", "-t", "f/#", "-q", "1", "-C", "2", "-F",
                    "%t|%p|%q|%r|%l|%x|%X|%10t|%-6t|%.2t|%05l|%-4l.|%%|@@|\\t|%A%C%E");
            String out = pub(impl, b, "-t", "f/1", "-m", "hi \"there\"", "-q", "1")
                    + pub(impl, b, "-t", "f/2", "-n");
            return out + show(sub.await());
        });
    }

    @Test
    void debug_output_of_pub() {
        same((impl, b) -> pub(impl, b, "-d", "-i", "dbg", "-t", "d", "-m", "hello", "-q", "2")
                + pub(impl, b, "-d", "-i", "dbg", "-t", "d", "-m", "x", "--repeat", "2")
                + pub(impl, b, "-d", "-i", "dbg", "-t", "d", "-m", "x", "-q", "1"));
    }

    @Test
    void refused_connack_exits_with_its_code() {
        BiFunction<Impl, MosquittoBroker, String> scenario = (impl, b) -> {
            String out = pub(impl, b, "-t", "a", "-m", "x");
            out += pub(impl, b, "-t", "a", "-m", "x", "--quiet");
            out += pub(impl, b, "-t", "a", "-m", "x", "-u", "user", "-P", "wrong");
            out += show(run(impl, "sub", "-p", p(b), "-t", "a"));
            // not compared: after a refused CONNACK mosquitto_sub -d also logs "sending DISCONNECT"
            // (libmosquitto queues one); kite sends nothing more on a refused connection
            return out;
        };
        String expected;
        try (MosquittoBroker b = MosquittoBroker.builder().credentials("user", "secret").start()) {
            expected = scenario.apply(Impl.MOSQUITTO, b);
        }
        try (MosquittoBroker b = MosquittoBroker.builder().credentials("user", "secret").start()) {
            assertThat(scenario.apply(Impl.KITE, b)).isEqualTo(expected);
        }
    }

    /** The -F fields of MQTT 5.0 properties, with widths, and %l/%p to tie them to the message. */
    private static final String V5_FORMAT = "[%C] [%10C] [%-6C|%.2C] [%D] [%E] [%F] [%05F] [%P] [%R] [%S] [%4S] [%A]"
            + " %t %l %p";

    /**
     * Each property published by mosquitto_pub and by kite pub, received by mosquitto_sub and by
     * kite sub with the same -F format: all four lines must be equal, and each tool's stderr empty.
     */
    @Test
    void v5_properties_from_both_publishers_print_the_same_in_both_subscribers() {
        List<List<String>> cases = List.of(
                List.of("-D", "publish", "content-type", "text/plain"),
                List.of("-D", "publish", "correlation-data", "corr-42"),
                List.of("-D", "publish", "message-expiry-interval", "3600"),
                List.of("-D", "publish", "payload-format-indicator", "1"),
                List.of("-D", "publish", "response-topic", "reply/here"),
                List.of("-D", "publish", "user-property", "k1", "v1", "-D", "publish", "user-property", "k2", "v 2"),
                List.of("-V", "5"),
                List.of("-V", "mqttv5", "-q", "1", "-D", "publish", "content-type", "a", "-D", "publish",
                        "response-topic", "r", "-D", "publish", "correlation-data", "c", "-D", "publish",
                        "user-property", "u", "w", "-D", "publish", "message-expiry-interval", "100"));
        try (MosquittoBroker b = MosquittoBroker.start()) {
            int n = 0;
            for (List<String> props : cases) {
                n++;
                String topic = "v5/" + n;
                Running ms = subscribed(b, Impl.MOSQUITTO, "ms" + n, "-V", "5", "-t", topic, "-C", "2",
                        "-D", "subscribe", "subscription-identifier", Integer.toString(n), "-F", V5_FORMAT);
                Running ks = subscribed(b, Impl.KITE, "ks" + n, "-V", "5", "-t", topic, "-C", "2",
                        "-D", "subscribe", "subscription-identifier", Integer.toString(n), "-F", V5_FORMAT);
                for (Impl publisher : List.of(Impl.MOSQUITTO, Impl.KITE)) {
                    List<String> args = new ArrayList<>(List.of("-p", p(b), "-t", topic, "-m", "payload"));
                    args.addAll(props);
                    Result r = run(publisher, "pub", args.toArray(String[]::new));
                    assertThat(r.exit()).as(publisher + " " + props).isZero();
                    assertThat(r.err()).as(publisher + " " + props).isEmpty();
                }
                Result m = ms.await();
                Result k = ks.await();
                assertThat(k.stdout()).as(props.toString()).isEqualTo(m.stdout());
                assertThat(k.err()).isEqualTo(m.err());
                assertThat(k.exit()).isEqualTo(m.exit());
                String[] lines = m.stdout().split("\n");
                assertThat(lines).as(m.stdout()).hasSize(2);
                assertThat(lines[1]).as("kite pub's message as mosquitto_pub's").isEqualTo(lines[0]);
            }
        }
    }

    @Test
    void v5_will_properties_and_session_expiry() {
        same((impl, b) -> {
            Running watcher = subscribed(b, impl, "watch", "-V", "5", "-t", "will/#", "-C", "1", "-F", V5_FORMAT);
            Running victim = subscribed(b, impl, "victim", "-t", "nothing", "-x", "30", "--will-topic", "will/victim",
                    "--will-payload", "gone", "-D", "will", "content-type", "text/x", "-D", "will",
                    "user-property", "why", "killed", "-D", "connect", "receive-maximum", "10",
                    "-D", "connect", "user-property", "c", "d");
            victim.process.destroyForcibly();
            return show(watcher.await());
        });
    }

    @Test
    void v5_connack_refusal_bad_password() {
        for (String tool : List.of("pub", "sub")) {
            String expected;
            String actual;
            try (MosquittoBroker b = MosquittoBroker.builder().credentials("kite", "secret").start()) {
                List<String> args = new ArrayList<>(List.of("-p", p(b), "-V", "5", "-t", "a", "-u", "x", "-P", "y"));
                if (tool.equals("pub")) {
                    args.addAll(List.of("-m", "m"));
                }
                expected = show(run(Impl.MOSQUITTO, tool, args.toArray(String[]::new)));
                actual = show(run(Impl.KITE, tool, args.toArray(String[]::new)));
            }
            assertThat(actual).as(tool).isEqualTo(expected);
        }
    }

    /** A 5.0 PUBACK or PUBREC with 0x87 (an ACL refusal): a warning per message, and exit 0. */
    @Test
    void v5_publish_refused_by_acl_warns_and_goes_on() throws Exception {
        Path acl = tmp.resolve("acl");
        Files.writeString(acl, "topic readwrite ok/#\n");
        try (MosquittoBroker b = MosquittoBroker.builder().config("acl_file " + acl).start()) {
            for (String qos : List.of("1", "2")) {
                String[] args = {"-p", p(b), "-V", "5", "-t", "no/x", "-m", "m", "-q", qos, "--repeat", "2"};
                String expected = show(run(Impl.MOSQUITTO, "pub", args));
                assertThat(expected).contains("Warning: Publish 2 failed: Not authorized.");
                assertThat(show(run(Impl.KITE, "pub", args))).as("QoS " + qos).isEqualTo(expected);
            }
        }
    }

    /**
     * 5.0 subscription options: --retain-as-published keeps the retain flag of a live retained
     * message, -R is also "send retained never" (no stale message at all), -c with -x keeps the
     * session, and a subscription identifier is printed by %S.
     */
    @Test
    void v5_retain_as_published_R_and_session() {
        same((impl, b) -> {
            String out = pub(impl, b, "-V", "5", "-t", "r/a", "-m", "old", "-r");
            Running rap = subscribed(b, impl, "rap", "-V", "5", "-t", "r/#", "--retain-as-published", "-C", "2",
                    "-F", "%r %S %t %p", "-D", "subscribe", "subscription-identifier", "268435455");
            Running noRetained = subscribed(b, impl, "norx", "-V", "5", "-t", "r/#", "-R", "-C", "1", "-F", "%r %t %p");
            out += pub(impl, b, "-V", "5", "-t", "r/b", "-m", "live", "-r", "-q", "1");
            out += show(rap.await()) + show(noRetained.await());
            out += show(run(impl, "sub", "-p", p(b), "-V", "5", "-i", "keep", "-c", "-x", "60", "-t", "k", "-q", "1",
                    "-E"));
            out += pub(impl, b, "-V", "5", "-t", "k", "-m", "queued", "-q", "1");
            out += show(run(impl, "sub", "-p", p(b), "-V", "5", "-i", "keep", "-c", "-x", "60", "-t", "k", "-q", "1",
                    "-C", "1", "-v"));
            return out;
        });
    }

    /** -F %j with 5.0 properties: mosquitto_sub (built with cJSON) adds a "properties" object. */
    @Test
    void v5_json_output_carries_the_properties() {
        try (MosquittoBroker b = MosquittoBroker.start()) {
            String[] sub = {"-V", "5", "-t", "j/#", "-C", "3", "-F", "%j", "-D", "subscribe", "subscription-identifier",
                "9"};
            Running ms = subscribed(b, Impl.MOSQUITTO, "msj", sub);
            Running ks = subscribed(b, Impl.KITE, "ksj", sub);
            List<String> props = List.of("-D", "publish", "payload-format-indicator", "1", "-D", "publish",
                    "content-type", "a\"b\\c", "-D", "publish", "response-topic", "r/t", "-D", "publish",
                    "correlation-data", "cd", "-D", "publish", "user-property", "a", "b", "-D", "publish",
                    "user-property", "a", "c", "-D", "publish", "message-expiry-interval", "300");
            for (Impl publisher : List.of(Impl.MOSQUITTO, Impl.KITE)) {
                List<String> args = new ArrayList<>(List.of("-p", p(b), "-t", "j/a", "-m", "x", "-q", "1"));
                args.addAll(props);
                assertThat(run(publisher, "pub", args.toArray(String[]::new)).exit()).isZero();
            }
            assertThat(run(Impl.MOSQUITTO, "pub", "-p", p(b), "-V", "5", "-t", "j/b", "-m", "none").exit()).isZero();
            String m = ms.await().stdout().replaceAll("\"tst\":\"[^\"]*\"", "TST");
            String k = ks.await().stdout().replaceAll("\"tst\":\"[^\"]*\"", "TST");
            assertThat(m).contains("\"properties\":{\"subscription-identifier\":9,");
            assertThat(k).isEqualTo(m);
        }
    }

    /** An authentication method Mosquitto has no plugin for: CONNACK 0x8C, exit 140, in both tools. */
    @Test
    void v5_authentication_method_refused() {
        try (MosquittoBroker b = MosquittoBroker.start()) {
            for (String tool : List.of("pub", "sub")) {
                List<String> args = new ArrayList<>(List.of("-p", p(b), "-t", "a", "-D", "connect",
                        "authentication-method", "SCRAM-SHA-1", "-D", "connect", "authentication-data", "n,,n=u"));
                if (tool.equals("pub")) {
                    args.addAll(List.of("-m", "m"));
                }
                String expected = show(run(Impl.MOSQUITTO, tool, args.toArray(String[]::new)));
                assertThat(expected).contains("exit=140");
                assertThat(show(run(Impl.KITE, tool, args.toArray(String[]::new)))).as(tool).isEqualTo(expected);
            }
        }
    }
}
