package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.testing.HostilePeer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An {@code Error} on one of the client's threads (injected through user code those threads
 * call) must not leave the client stuck: the connect token fails, the connection is lost and
 * reported, promptly, even with keepalive off. A {@code VirtualMachineError} is rethrown after
 * that, to the thread's uncaught-exception handler, which the tests replace with a recorder (the
 * test runner ends the JVM when an {@code OutOfMemoryError} reaches a test).
 */
class ThreadFailureIT {
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private final Queue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
    private Thread.UncaughtExceptionHandler runnersHandler;

    @BeforeEach
    void recordUncaughtErrors() {
        runnersHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    }

    @AfterEach
    void restoreTheRunnersHandler() {
        Thread.setDefaultUncaughtExceptionHandler(runnersHandler);
    }

    /** Awaitility, without its own handler of uncaught errors: the recorder sees them. */
    private static ConditionFactory waiting() {
        return await().dontCatchUncaughtExceptions().atMost(PROMPTLY);
    }

    /** Each throws an error the first time it is called on the connect thread, then behaves. */
    static Stream<Arguments> connectThreadErrors() {
        AtomicBoolean attempted = new AtomicBoolean();
        AtomicBoolean asked = new AtomicBoolean();
        UnaryOperator<ClientOptions> attemptHandler = o -> o.setConnectionAttemptHandler((broker, tls) -> {
            if (!attempted.getAndSet(true)) {
                throw new OutOfMemoryError("test");
            }
            return tls;
        });
        UnaryOperator<ClientOptions> credentials = o -> o.setCredentialsProvider(() -> {
            if (!asked.getAndSet(true)) {
                throw new AssertionError("test");
            }
            return null;
        });
        return Stream.of(Arguments.of("OutOfMemoryError from the attempt handler", attemptHandler),
                Arguments.of("AssertionError from the credentials provider", credentials));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectThreadErrors")
    void errorOnTheConnectThreadFailsTheConnectTokenPromptlyAndConnectWorksAgain(String name,
            UnaryOperator<ClientOptions> inject) throws Exception {
        try (HostilePeer peer = HostilePeer.wellBehaved();
             MqttClient c = MqttClient.create(inject.apply(new ClientOptions().addBroker(peer.uri())
                     .setClientId("thread-failure")))) {
            ConnectToken token = c.connect();
            assertThat(token.waitFor(PROMPTLY)).as("connect token completed").isTrue();
            assertThat(token.error()).isNotNull().extracting(Throwable::getCause)
                    .asInstanceOf(InstanceOfAssertFactories.THROWABLE).hasMessage("test");
            waiting().until(() -> c.state() == ConnectionState.DISCONNECTED);
            if (token.error().getCause() instanceof VirtualMachineError fatal) {
                waiting().untilAsserted(() -> assertThat(uncaught).containsExactly(fatal));
            } else {
                assertThat(uncaught).as("an error that is not the JVM's ends where it is handled").isEmpty();
            }

            ConnectToken again = c.connect();
            assertThat(again.waitFor(PROMPTLY)).isTrue();
            assertThat(again.error()).isNull();
            assertThat(c.isConnected()).isTrue();
        }
    }

    @Test
    void errorOnTheReaderThreadLosesTheConnectionPromptlyWithKeepAliveOff() throws Exception {
        PacketListener failing = (direction, line) -> {
            if (direction == PacketListener.Direction.RECEIVED && line.startsWith("PUBLISH")) {
                throw new OutOfMemoryError("test");
            }
        };
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.sendRaw(new byte[] {0x30, 0x03, 0x00, 0x01, 'a'});
        })) {
            assertConnectionLostPromptly(peer, failing, c -> { });
            waiting().untilAsserted(() -> assertThat(uncaught).singleElement()
                    .isInstanceOf(OutOfMemoryError.class));
        }
    }

    @Test
    void errorOnTheWriterThreadLosesTheConnectionPromptlyWithKeepAliveOff() throws Exception {
        PacketListener failing = (direction, line) -> {
            if (direction == PacketListener.Direction.SENT && line.startsWith("SUBSCRIBE")) {
                throw new NoClassDefFoundError("test");
            }
        };
        try (HostilePeer peer = HostilePeer.wellBehaved()) {
            assertConnectionLostPromptly(peer, failing, c -> c.subscribe("a", 0, (client, m) -> { }));
        }
    }

    private static void assertConnectionLostPromptly(HostilePeer peer, PacketListener failing,
            Consumer<MqttClient> trigger) {
        HostilePeerIT.Lost lost = new HostilePeerIT.Lost();
        ClientOptions options = new ClientOptions().addBroker(peer.uri()).setClientId("thread-failure")
                .setKeepAlive(Duration.ZERO).setAutoReconnect(false).setConnectionLostHandler(lost)
                .setPacketListener(failing);
        try (MqttClient c = MqttClient.create(options)) {
            c.connect().await();
            trigger.accept(c);
            waiting().until(() -> !c.isConnected() && lost.at != 0);
            assertThat(lost.causes.peek()).hasRootCauseMessage("test");
            assertThat(c.state()).isEqualTo(ConnectionState.DISCONNECTED);
        }
    }
}
