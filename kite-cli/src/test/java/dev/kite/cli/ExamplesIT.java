package dev.kite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.examples.MicrometerMetrics;
import dev.kite.examples.RequestResponse;
import dev.kite.testing.MosquittoBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The examples module's recipes, run against a real Mosquitto. */
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

    @Test
    void requestResponseGetsOneReplyPerRequestOverMqtt5() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            String[] lines = stdoutOf(() -> RequestResponse.run(broker.uri())).split("\n");
            assertThat(Arrays.stream(lines).filter(l -> l.startsWith("REPLY: the time is "))).hasSize(3);
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
}
