package dev.kite.cli;

import static dev.kite.cli.Tools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.cli.Tools.Impl;
import dev.kite.cli.Tools.Result;
import dev.kite.cli.Tools.Running;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PublishToken;
import dev.kite.testing.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code kite sub} in a persistent session completes the acknowledgement of every QoS 1/2 message
 * it printed before it sends DISCONNECT, whatever ends it (-C, -W, SIGTERM), as mosquitto_sub
 * does: the broker's log shows each flow closed, and the next run of the same session does not
 * get a printed message again.
 */
class SubAcknowledgesBeforeExitIT {
    private static final Pattern ACK = Pattern.compile("Received (PUBACK|PUBREC|PUBCOMP) from (\\S+) \\(Mid: (\\d+)");
    private static final Pattern SENT = Pattern.compile("Sending (PUBLISH|PUBREL) to (\\S+) ");

    private static String p(MosquittoBroker b) {
        return Integer.toString(b.port());
    }

    /** Creates the persistent session of {@code id} with a QoS 2 subscription, then leaves. */
    private static void createSession(MosquittoBroker b, String id, String filter) {
        Result r = run(Impl.KITE, "sub", "-p", p(b), "-c", "-i", id, "-q", "2", "-t", filter, "-E");
        assertThat(r.exit()).as(r.err()).isZero();
        Tools.awaitGone(b, id, 1);
    }

    @Test
    void countEndsOnlyAfterEveryFlowOfWhatWasPrinted() {
        try (MosquittoBroker b = MosquittoBroker.start()) {
            createSession(b, "cnt", "c/#");
            int n = 10;
            for (int i = 0; i < n; i++) {
                run(Impl.MOSQUITTO, "pub", "-p", p(b), "-t", "c/1", "-q", "1", "-m", "one " + i);
                run(Impl.MOSQUITTO, "pub", "-p", p(b), "-t", "c/2", "-q", "2", "-m", "two " + i);
            }
            Result first = run(Impl.KITE, "sub", "-p", p(b), "-c", "-i", "cnt", "-q", "2", "-t", "c/#", "-v",
                    "-C", Integer.toString(2 * n));
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.stdout().lines()).hasSize(2 * n);
            Tools.awaitGone(b, "cnt", 2);

            Flows flows = Flows.ofConnection(b.log(), "cnt", 2);
            assertThat(flows.pubacks).as("PUBACKs before DISCONNECT").hasSize(n);
            assertThat(flows.pubrecs).as("PUBRECs before DISCONNECT").hasSize(n);
            assertThat(flows.open()).as("QoS 2 flows (by message id) with our PUBREC and without our PUBCOMP "
                    + "when the connection ended with: " + flows.end()).isEmpty();

            Result second = run(Impl.KITE, "sub", "-p", p(b), "-c", "-i", "cnt", "-q", "2", "-t", "c/#", "-v",
                    "-W", "1");
            assertThat(second.stdout()).as("printed again by the next run").isEmpty();
            Tools.awaitGone(b, "cnt", 3);
            assertThat(Flows.ofConnection(b.log(), "cnt", 3).resent).as("what the broker sent again").isEmpty();
        }
    }

    @Test
    void timeoutEndsOnlyAfterEveryFlowOfWhatWasPrinted() {
        endsWhileMessagesFlow("tmo", (b, id) -> {
            Running sub = Tools.start(Impl.KITE, "sub", null, "-p", p(b), "-c", "-i", id, "-q", "2", "-t", "f/#",
                    "-W", "2");
            Result r = sub.await();
            assertThat(r.exit()).as(r.err()).isEqualTo(27);
            return r;
        });
    }

    @Test
    void sigtermEndsOnlyAfterEveryFlowOfWhatWasPrinted() {
        endsWhileMessagesFlow("sig", (b, id) -> {
            Running sub = Tools.start(Impl.KITE, "sub", null, "-p", p(b), "-c", "-i", id, "-q", "2", "-t", "f/#");
            await().atMost(Duration.ofSeconds(15)).until(() -> sub.stdoutSoFar().lines().count() >= 200);
            // SIGTERM to the kite process this test started, by its PID
            sub.process.destroy();
            Result r = sub.await();
            assertThat(r.exit()).as(r.err()).isZero();
            return r;
        });
    }

    private interface Ending {
        Result run(MosquittoBroker b, String id);
    }

    /**
     * Publishes numbered QoS 1 and QoS 2 messages without pause while {@code ending} runs a
     * subscriber of the session and ends it; then a second run of the session must not print
     * any of them again, and the broker must have seen each flow the first run began closed.
     */
    private static void endsWhileMessagesFlow(String id, Ending ending) {
        try (MosquittoBroker b = MosquittoBroker.start();
             MqttClient pub = MqttClient.create(new ClientOptions().addBroker(b.uri()).setClientId("flood"))) {
            createSession(b, id, "f/#");
            pub.connect().await();
            AtomicBoolean stop = new AtomicBoolean();
            Thread flood = new Thread(() -> {
                // up to 100 publishes open at once, so the broker keeps its whole in-flight window
                // to the subscriber full and flows are open whenever the subscriber is stopped
                ArrayDeque<PublishToken> open = new ArrayDeque<>();
                for (int i = 0; !stop.get(); i++) {
                    open.add(pub.publish("f/" + (i % 2 + 1), i % 2 + 1, false, "m" + i));
                    if (open.size() > 100) {
                        open.poll().await();
                    }
                }
            });
            flood.start();
            Result first;
            try {
                first = ending.run(b, id);
            } finally {
                stop.set(true);
                try {
                    flood.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<String> printed = first.stdout().lines().toList();
            assertThat(printed).as("the first run printed messages").isNotEmpty();
            Tools.awaitGone(b, id, 2);
            Flows flows = Flows.ofConnection(b.log(), id, 2);
            assertThat(flows.open()).as("QoS 2 flows (by message id) with our PUBREC and without our PUBCOMP "
                    + "when the connection ended with: " + flows.end()).isEmpty();
            assertThat(flows.pubacks.size() + flows.pubrecs.size()).as("acknowledged before DISCONNECT")
                    .isGreaterThanOrEqualTo(printed.size());

            Result second = run(Impl.KITE, "sub", "-p", p(b), "-c", "-i", id, "-q", "2", "-t", "f/#", "-W", "1");
            Set<String> again = new HashSet<>(second.stdout().lines().toList());
            again.retainAll(printed);
            assertThat(again).as("printed by the first run and again by the second").isEmpty();
        }
    }

    /**
     * The acknowledgements the broker received on the {@code nth} connection of a client before
     * its DISCONNECT, and the PUBLISH and PUBREL lines it sent on it.
     */
    private record Flows(List<Integer> pubacks, List<Integer> pubrecs, Set<Integer> pubcomps, List<String> resent,
                         String end) {
        /** The QoS 2 flows still open at DISCONNECT: PUBREC received and no PUBCOMP. */
        List<Integer> open() {
            return pubrecs.stream().filter(id -> !pubcomps.contains(id)).toList();
        }

        static Flows ofConnection(String log, String id, int nth) {
            List<String> lines = Arrays.asList(log.split("\n"));
            String connected = " as " + id + " (";
            int seen = 0;
            int start = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(connected) && ++seen == nth) {
                    start = i;
                    break;
                }
            }
            assertThat(start).as("connection " + nth + " of " + id + " in the broker's log").isNotNegative();
            List<Integer> pubacks = new ArrayList<>();
            List<Integer> pubrecs = new ArrayList<>();
            Set<Integer> comps = new HashSet<>();
            List<String> sent = new ArrayList<>();
            String end = null;
            for (String line : lines.subList(start + 1, lines.size())) {
                if (line.contains("Received DISCONNECT from " + id) || line.contains("Client " + id + " ")) {
                    end = line;
                    break;
                }
                Matcher out = SENT.matcher(line);
                if (out.find() && out.group(2).equals(id)) {
                    sent.add(line);
                }
                Matcher m = ACK.matcher(line);
                if (m.find() && m.group(2).equals(id)) {
                    int mid = Integer.parseInt(m.group(3));
                    switch (m.group(1)) {
                        case "PUBACK" -> pubacks.add(mid);
                        case "PUBREC" -> pubrecs.add(mid);
                        default -> comps.add(mid);
                    }
                }
            }
            assertThat(end).as(id + " disconnected").isNotNull();
            return new Flows(pubacks, pubrecs, comps, sent, end);
        }
    }
}
