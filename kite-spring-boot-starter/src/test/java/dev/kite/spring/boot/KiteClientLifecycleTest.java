package dev.kite.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.kite.mqtt.ClientOptionsReader;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttConnectionException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * The start-up decisions of {@link KiteClientLifecycle} for each outcome of the connect token, and
 * stop then start on the same client, with a stand-in client (no network, no waiting).
 */
class KiteClientLifecycleTest {
    private final MqttClient client = mock(MqttClient.class);
    private final ConnectToken token = mock(ConnectToken.class);
    private final KiteMqttProperties.Lifecycle settings = new KiteMqttProperties.Lifecycle();

    @BeforeEach
    void aClientWhoseConnectReturnsTheToken() {
        ClientOptionsReader reader = mock(ClientOptionsReader.class);
        when(reader.brokers()).thenReturn(List.of(URI.create("tcp://127.0.0.1:1883")));
        when(client.optionsReader()).thenReturn(reader);
        when(client.connect()).thenReturn(token);
        when(token.toCompletableFuture()).thenReturn(new CompletableFuture<>());
    }

    @Test
    void aConnectDoneInTimeStartsAndStopDisconnectsWithTheQuiesceTime() {
        when(token.waitFor(Duration.ofSeconds(10))).thenReturn(true);
        settings.setShutdownQuiesce(Duration.ofMillis(700));
        KiteClientLifecycle lifecycle = new KiteClientLifecycle(client, settings);

        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();
        lifecycle.stop();

        assertThat(lifecycle.isRunning()).isFalse();
        verify(client).disconnect(700);
    }

    @Test
    void aConnectThatFailedInTimeFailsStartWithItsCause() {
        MqttConnectionException refused = new MqttConnectionException("cannot connect: Connection refused");
        when(token.waitFor(any())).thenReturn(true);
        when(token.error()).thenReturn(refused);
        KiteClientLifecycle lifecycle = new KiteClientLifecycle(client, settings);

        assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class).hasCause(refused)
                .hasMessage("kite.mqtt: could not connect to [tcp://127.0.0.1:1883]: cannot connect: Connection refused"
                        + " (kite.mqtt.connect-retry=true starts without a broker)");
        assertThat(lifecycle.isRunning()).isFalse();
    }

    @Test
    void aConnectStillTryingAfterTheTimeoutLetsStartGoOn() {
        when(token.waitFor(any())).thenReturn(false);
        when(client.state()).thenReturn(ConnectionState.CONNECTING);
        KiteClientLifecycle lifecycle = new KiteClientLifecycle(client, settings);

        lifecycle.start();

        assertThat(lifecycle.isRunning()).isTrue();
        verify(client, never()).disconnect(any(Long.class));
    }

    @Test
    void aConnectStillTryingAfterTheTimeoutFailsStartWhenAsked() {
        when(token.waitFor(any())).thenReturn(false);
        when(client.state()).thenReturn(ConnectionState.CONNECTING);
        settings.setFailOnStartupTimeout(true);
        settings.setStartupTimeout(Duration.ofSeconds(3));
        KiteClientLifecycle lifecycle = new KiteClientLifecycle(client, settings);

        assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("kite.mqtt: not connected to [tcp://127.0.0.1:1883] within kite.mqtt.lifecycle.startup-timeout"
                        + " PT3S (state CONNECTING, kite.mqtt.lifecycle.fail-on-startup-timeout=true)");
        assertThat(lifecycle.isRunning()).isFalse();
    }

    @Test
    void aZeroTimeoutDoesNotWait() {
        settings.setStartupTimeout(Duration.ZERO);
        settings.setFailOnStartupTimeout(true);
        KiteClientLifecycle lifecycle = new KiteClientLifecycle(client, settings);

        lifecycle.start();

        assertThat(lifecycle.isRunning()).isTrue();
        verify(token, never()).waitFor(any());
    }

    @Test
    void stopThenStartConnectsTheSameClientAgain() {
        when(token.waitFor(any())).thenReturn(true);
        KiteClientLifecycle lifecycle = new KiteClientLifecycle(client, settings);

        lifecycle.start();
        lifecycle.stop();
        lifecycle.start();

        assertThat(lifecycle.isRunning()).isTrue();
        InOrder order = inOrder(client);
        order.verify(client).connect();
        order.verify(client).disconnect(250);
        order.verify(client).connect();
    }

    @Test
    void startAndStopTwiceActOnce() {
        when(token.waitFor(any())).thenReturn(true);
        KiteClientLifecycle lifecycle = new KiteClientLifecycle(client, settings);

        lifecycle.start();
        lifecycle.start();
        lifecycle.stop();
        lifecycle.stop();

        verify(client).connect();
        verify(client).disconnect(250);
    }
}
