package dev.kite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.examples.EnhancedAuth;
import dev.kite.examples.RequestResponse;
import dev.kite.testing.MosquittoBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples module's recipes, run against real brokers: Mosquitto, and the embedded HiveMQ. */
class ExamplesIT {

    /** What {@code example} printed, line by line. */
    private static List<String> printed(ThrowingRunnable example) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(out);
        }
        return Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void requestResponseGetsOneReplyPerRequestOverMqtt5() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            List<String> lines = printed(() -> RequestResponse.run(broker.uri()));
            assertThat(lines.stream().filter(l -> l.startsWith("REPLY: the time is "))).hasSize(3);
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
}
