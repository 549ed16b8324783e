package dev.kite.mqtt.it;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttProtocolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link MemoryBoundsIT} in a child JVM with a small heap, a client with default options
 * against the hostile peer whose URI it is given. Prints what happened on standard output.
 *
 * <ul>
 *   <li>{@code connect URI}: connects once; exits 0 if the connect token fails with an
 *       {@link MqttProtocolException}.
 *   <li>{@code flood URI COUNT}: connects with a handler that blocks until a line
 *       {@code release} arrives on standard input; exits 0 once COUNT messages were handled.
 * </ul>
 */
public final class MemoryBoundsChild {
    private static final Duration BOUND = Duration.ofSeconds(120);

    private MemoryBoundsChild() {
    }

    /**
     * Runs one mode.
     *
     * @param args the mode, the peer's URI, and for {@code flood} the message count
     */
    public static void main(String[] args) throws Exception {
        int exit = switch (args[0]) {
            case "connect" -> connect(args[1]);
            case "flood" -> flood(args[1], Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        };
        // committed heap at the end, for the report: the -Xmx bound and -XX:+ExitOnOutOfMemoryError are the check
        System.out.println("heap committed " + (Runtime.getRuntime().totalMemory() >> 20) + " MiB");
        System.exit(exit);
    }

    private static int connect(String uri) {
        try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(uri).setClientId("child"))) {
            ConnectToken token = c.connect();
            if (!token.waitFor(BOUND)) {
                System.out.println("connect token not completed; state " + c.state());
                return 2;
            }
            System.out.println("connect failed: " + token.error());
            return token.error() instanceof MqttProtocolException ? 0 : 1;
        }
    }

    private static int flood(String uri, int count) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch handled = new CountDownLatch(count);
        ClientOptions options = new ClientOptions().addBroker(uri).setClientId("child")
                .setDefaultPublishHandler((client, message) -> {
                    try {
                        // a slow application: nothing is handled until the parent says so
                        release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    handled.countDown();
                });
        Thread commands = new Thread(() -> awaitRelease(release), "stdin");
        commands.setDaemon(true);
        commands.start();
        try (MqttClient c = MqttClient.create(options)) {
            c.connect().await();
            boolean all = handled.await(BOUND.toSeconds() * 2, TimeUnit.SECONDS);
            System.out.println("handled " + (count - handled.getCount()) + " of " + count);
            return all ? 0 : 1;
        }
    }

    private static void awaitRelease(CountDownLatch release) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("release")) {
                    release.countDown();
                }
            }
        } catch (IOException e) {
            release.countDown();
        }
    }
}
