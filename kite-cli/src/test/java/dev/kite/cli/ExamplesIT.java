package dev.kite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.examples.OpenTelemetryTracing;
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
            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                RequestResponse.run(broker.uri());
            } finally {
                System.setOut(out);
            }
            String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(Arrays.stream(lines).filter(l -> l.startsWith("REPLY: the time is "))).hasSize(3);
        }
    }

    @Test
    void openTelemetryTracingJoinsPublisherAndSubscriberInOneTrace() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                OpenTelemetryTracing.run(broker.uri());
            } finally {
                System.setOut(out);
            }
            String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(lines).contains("MSG: traced hello");
            String producer = Arrays.stream(lines).filter(l -> l.startsWith("SPAN: PRODUCER ")).findFirst().orElseThrow();
            String consumer = Arrays.stream(lines).filter(l -> l.startsWith("SPAN: CONSUMER ")).findFirst().orElseThrow();
            assertThat(field(consumer, "trace")).isEqualTo(field(producer, "trace"));
            assertThat(field(consumer, "parent")).isEqualTo(field(producer, "span"));
        }
    }

    private static String field(String line, String name) {
        return Arrays.stream(line.split(" ")).filter(w -> w.startsWith(name + "=")).findFirst().orElseThrow()
                .substring(name.length() + 1);
    }
}
