package dev.kite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.examples.OpenTelemetryTracing;
import dev.kite.examples.ReactiveMessages;
import dev.kite.examples.RequestResponse;
import dev.kite.testing.MosquittoBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The examples module's recipes, run against a real Mosquitto. */
class ExamplesIT {

    @Test
    void requestResponseGetsOneReplyPerRequestOverMqtt5() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            String[] lines = printedBy(() -> RequestResponse.run(broker.uri()));
            assertThat(Arrays.stream(lines).filter(l -> l.startsWith("REPLY: the time is "))).hasSize(3);
        }
    }

    @Test
    void openTelemetryTracingJoinsPublisherAndSubscriberInOneTrace() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            String[] lines = printedBy(() -> OpenTelemetryTracing.run(broker.uri()));
            assertThat(lines).contains("MSG: traced hello");
            String producer = Arrays.stream(lines).filter(l -> l.startsWith("SPAN: PRODUCER ")).findFirst().orElseThrow();
            String consumer = Arrays.stream(lines).filter(l -> l.startsWith("SPAN: CONSUMER ")).findFirst().orElseThrow();
            assertThat(field(consumer, "trace")).isEqualTo(field(producer, "trace"));
            assertThat(field(consumer, "parent")).isEqualTo(field(producer, "span"));
        }
    }

    @Test
    void reactiveMessagesReadsFiveMessagesOneRequestAtATime() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            String[] lines = printedBy(() -> ReactiveMessages.run(broker.uri()));
            assertThat(Arrays.stream(lines).filter(l -> l.startsWith("NEXT: "))).containsExactly(
                    "NEXT: message #0", "NEXT: message #1", "NEXT: message #2", "NEXT: message #3", "NEXT: message #4");
        }
    }

    /** An example's run. */
    private interface Example {
        void run() throws Exception;
    }

    /** Runs an example and returns the lines it printed. */
    private static String[] printedBy(Example example) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8).split("\n");
    }

    private static String field(String line, String name) {
        return Arrays.stream(line.split(" ")).filter(w -> w.startsWith(name + "=")).findFirst().orElseThrow()
                .substring(name.length() + 1);
    }
}
