package dev.kite.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import dev.kite.testing.FreePort;
import dev.kite.testing.MosquittoBroker;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Start-up and shutdown of the client with the application context, against Mosquitto and against no broker. */
class KiteClientLifecycleIT {
    @AutoClose
    private static MosquittoBroker broker;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KiteMqttAutoConfiguration.class, KiteHealthAutoConfiguration.class));

    @BeforeAll
    static void startBroker() {
        broker = MosquittoBroker.start();
    }

    @Test
    void connectsWhenTheContextStartsAndDisconnectsWhenItCloses() {
        AtomicReference<MqttClient> client = new AtomicReference<>();
        runner.withPropertyValues("kite.mqtt.brokers=" + broker.uri(), "kite.mqtt.client-id=lifecycle-it").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            client.set(ctx.getBean(MqttClient.class));
            assertThat(client.get().state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(ctx.getBean(KiteClientLifecycle.class).isRunning()).isTrue();
        });
        assertThat(client.get().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(broker.log()).contains("Client lifecycle-it disconnected");
    }

    @Test
    void aContextStoppedAndStartedAgainConnectsTheSameClientAgain() {
        runner.withPropertyValues("kite.mqtt.brokers=" + broker.uri(), "kite.mqtt.client-id=restart-it").run(ctx -> {
            MqttClient client = ctx.getBean(MqttClient.class);
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);

            ctx.stop();
            assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
            assertThat(broker.log()).contains("Client restart-it disconnected");

            ctx.start();
            assertThat(ctx.getBean(MqttClient.class)).isSameAs(client);
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
            client.publish("restart/it", 1, false, "after a restart").await();
        });
    }

    @Test
    void withoutConnectRetryAMissingBrokerFailsStartup() {
        String nobody = "tcp://127.0.0.1:" + FreePort.find();
        runner.withPropertyValues("kite.mqtt.brokers=" + nobody).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isNotNull();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("kite.mqtt: could not connect to [" + nobody + "]")
                    .hasStackTraceContaining("kite.mqtt.connect-retry=true starts without a broker");
        });
    }

    @Test
    void withConnectRetryAMissingBrokerLetsStartupGoOnAndHealthSaysWhy() {
        String nobody = "tcp://127.0.0.1:" + FreePort.find();
        runner.withPropertyValues("kite.mqtt.brokers=" + nobody, "kite.mqtt.connect-retry=true",
                "kite.mqtt.lifecycle.startup-timeout=200ms").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(KiteClientLifecycle.class).isRunning()).isTrue();
                    var health = ctx.getBean(KiteBoot3HealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("state", "CONNECTING")
                            .containsEntry("brokers", "[" + nobody + "]");
                });
    }

    @Test
    void withConnectRetryStartupCanBeToldToFailWhenNotConnectedInTime() {
        String nobody = "tcp://127.0.0.1:" + FreePort.find();
        runner.withPropertyValues("kite.mqtt.brokers=" + nobody, "kite.mqtt.connect-retry=true",
                "kite.mqtt.lifecycle.startup-timeout=200ms", "kite.mqtt.lifecycle.fail-on-startup-timeout=true")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("kite.mqtt: not connected to [" + nobody + "] within "
                                + "kite.mqtt.lifecycle.startup-timeout PT0.2S (state CONNECTING"));
    }

    @Test
    void withoutWaitingStartupGoesOnAndTheClientConnects() {
        runner.withPropertyValues("kite.mqtt.brokers=" + broker.uri(), "kite.mqtt.lifecycle.startup-timeout=0s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    MqttClient client = ctx.getBean(MqttClient.class);
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                            .until(client::isConnected);
                });
    }
}
