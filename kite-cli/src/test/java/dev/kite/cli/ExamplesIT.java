package dev.kite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.examples.EnhancedAuth;
import dev.kite.examples.MicrometerMetrics;
import dev.kite.examples.OpenTelemetryTracing;
import dev.kite.examples.ReactiveMessages;
import dev.kite.examples.RequestResponse;
import dev.kite.examples.SpringBootExample;
import dev.kite.testing.MosquittoBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples module's recipes, run against real brokers: Mosquitto, and the embedded HiveMQ. */
class ExamplesIT {
    /** An example's run. */
    @FunctionalInterface
    private interface Example {
        void run() throws Exception;
    }

    /** Runs {@code example}, returning what it printed to System.out. */
    private static String stdoutOf(Example example) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** What {@code example} printed, line by line. */
    private static List<String> printed(Example example) throws Exception {
        return Arrays.asList(stdoutOf(example).split("\n"));
    }

    @Test
    void requestResponseGetsOneReplyPerRequestOverMqtt5() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            List<String> lines = printed(() -> RequestResponse.run(broker.uri()));
            assertThat(lines.stream().filter(l -> l.startsWith("REPLY: the time is "))).hasSize(3);
        }
    }

    @Test
    void micrometerMetricsCountsTheMessagesItSentAndReceived() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            String printed = stdoutOf(() -> MicrometerMetrics.run(broker.uri()));
            for (int qos = 0; qos <= 2; qos++) {
                assertThat(printed).contains("METER: kite.mqtt.messages.sent{client.id=kite-metrics,qos=" + qos + "} COUNT=3.0",
                        "METER: kite.mqtt.messages.received{client.id=kite-metrics,qos=" + qos + "} COUNT=3.0");
            }
            assertThat(printed).contains("METER: kite.mqtt.connection.state{client.id=kite-metrics,state=connected} VALUE=1.0");
        }
    }

    @Test
    void enhancedAuthConnectsReauthenticatesAndSeesAWrongPasswordRefused() throws Exception {
        // the example starts the embedded HiveMQ with its challenge/response extension itself
        List<String> lines = printed(EnhancedAuth::run);
        assertThat(lines).contains("CONNECTED: alice, after the broker's challenge",
                "REAUTHENTICATED: alice, same connection (2 exchanges accepted)");
        assertThat(lines).anyMatch(l -> l.startsWith("REFUSED: a wrong password, reason code 0x87"));
    }

    @Test
    void openTelemetryTracingJoinsPublisherAndSubscriberInOneTrace() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            List<String> lines = printed(() -> OpenTelemetryTracing.run(broker.uri()));
            assertThat(lines).contains("MSG: traced hello");
            String producer = lines.stream().filter(l -> l.startsWith("SPAN: PRODUCER ")).findFirst().orElseThrow();
            String consumer = lines.stream().filter(l -> l.startsWith("SPAN: CONSUMER ")).findFirst().orElseThrow();
            assertThat(field(consumer, "trace")).isEqualTo(field(producer, "trace"));
            assertThat(field(consumer, "parent")).isEqualTo(field(producer, "span"));
        }
    }

    @Test
    void reactiveMessagesReadsFiveMessagesOneRequestAtATime() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            List<String> lines = printed(() -> ReactiveMessages.run(broker.uri()));
            assertThat(lines.stream().filter(l -> l.startsWith("NEXT: "))).containsExactly(
                    "NEXT: message #0", "NEXT: message #1", "NEXT: message #2", "NEXT: message #3", "NEXT: message #4");
        }
    }

    /** The value of {@code name=value} in a line of words. */
    private static String field(String line, String name) {
        return Arrays.stream(line.split(" ")).filter(w -> w.startsWith(name + "=")).findFirst().orElseThrow()
                .substring(name.length() + 1);
    }

    @Test
    void springBootExampleRoundTripsAMessageWithTheStartersBean() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            List<String> lines = printed(() -> SpringBootExample.run(broker.uri()));
            assertThat(lines).contains("RECEIVED: hello from a Spring bean");
            // the context's stop disconnected the client; its will was not published
            assertThat(broker.log()).contains("Client kite-spring-example disconnected");
        }
    }
}
