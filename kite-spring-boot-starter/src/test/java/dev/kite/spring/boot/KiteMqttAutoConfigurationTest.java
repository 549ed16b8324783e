package dev.kite.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.micrometer.KiteMetrics;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ClientOptionsReader;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.store.FileStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

/** Property binding, the customizer hook, back-off and the health indicator, without a broker. */
class KiteMqttAutoConfigurationTest {
    /** auto-startup off: these contexts never connect. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KiteMqttAutoConfiguration.class, KiteHealthAutoConfiguration.class))
            .withPropertyValues("kite.mqtt.lifecycle.auto-startup=false");

    @Test
    void everyPropertyReachesTheClientOptions(@TempDir Path store) {
        runner.withPropertyValues(
                "kite.mqtt.brokers=tcp://127.0.0.1:1884,ws://127.0.0.1:8080/mqtt",
                "kite.mqtt.client-id=orders",
                "kite.mqtt.username=app",
                "kite.mqtt.password=secret",
                "kite.mqtt.protocol-version=5",
                "kite.mqtt.clean-session=false",
                "kite.mqtt.session-expiry=1h",
                "kite.mqtt.keep-alive=15s",
                "kite.mqtt.connect-timeout=5s",
                "kite.mqtt.auto-reconnect=false",
                "kite.mqtt.max-reconnect-interval=2m",
                "kite.mqtt.connect-retry=true",
                "kite.mqtt.connect-retry-interval=3s",
                "kite.mqtt.store-directory=" + store).run(ctx -> {
                    ClientOptionsReader o = ctx.getBean(MqttClient.class).optionsReader();
                    assertThat(o.brokers()).containsExactly(URI.create("tcp://127.0.0.1:1884"),
                            URI.create("ws://127.0.0.1:8080/mqtt"));
                    assertThat(o.clientId()).isEqualTo("orders");
                    assertThat(o.username()).isEqualTo("app");
                    assertThat(o.hasPassword()).isTrue();
                    assertThat(o.protocolVersion()).isEqualTo(5);
                    assertThat(o.cleanSession()).isFalse();
                    assertThat(o.sessionExpiryInterval()).isEqualTo(Duration.ofHours(1));
                    assertThat(o.keepAlive()).isEqualTo(Duration.ofSeconds(15));
                    assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(o.autoReconnect()).isFalse();
                    assertThat(o.maxReconnectInterval()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(o.connectRetry()).isTrue();
                    assertThat(o.connectRetryInterval()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(o.store()).isInstanceOf(FileStore.class);
                    assertThat(ctx.getBean(KiteClientLifecycle.class).isRunning()).isFalse();
                });
    }

    @Test
    void unsetPropertiesKeepKitesDefaults() {
        ClientOptionsReader defaults = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1883"))
                .optionsReader();
        runner.run(ctx -> {
            ClientOptionsReader o = ctx.getBean(MqttClient.class).optionsReader();
            assertThat(o.brokers()).containsExactly(URI.create("tcp://127.0.0.1:1883"));
            assertThat(o.clientId()).isEqualTo(defaults.clientId());
            assertThat(o.keepAlive()).isEqualTo(defaults.keepAlive());
            assertThat(o.protocolVersion()).isEqualTo(defaults.protocolVersion());
            assertThat(o.autoReconnect()).isEqualTo(defaults.autoReconnect());
            assertThat(o.connectRetry()).isEqualTo(defaults.connectRetry());
            assertThat(o.tlsConfig()).isNull();
        });
    }

    @Test
    void aBrokerWithAnUnknownSchemeFailsNamingTheProperty() {
        assertStartupFails("kite.mqtt.brokers=tcp://127.0.0.1:1883,foo://127.0.0.1:1883",
                "kite.mqtt.brokers[1]: ", "foo");
    }

    @Test
    void anUnknownProtocolVersionFailsNamingTheProperty() {
        assertStartupFails("kite.mqtt.protocol-version=7", "kite.mqtt.protocol-version: protocol version 7",
                "must be 3 (MQTT 3.1), 4 (MQTT 3.1.1), 5 (MQTT 5.0)");
    }

    @Test
    void aKeepAliveInMillisecondsFailsNamingTheProperty() {
        assertStartupFails("kite.mqtt.keep-alive=1500ms", "kite.mqtt.keep-alive: ", "whole seconds");
    }

    @Test
    void aValueThatIsNotADurationFailsAtBinding() {
        assertStartupFails("kite.mqtt.connect-timeout=soon",
                "Failed to bind properties under 'kite.mqtt.connect-timeout'", "'soon' is not a valid duration");
    }

    @Test
    void noBrokerFailsNamingTheProperty() {
        assertStartupFails("kite.mqtt.brokers=", "kite.mqtt.brokers is empty", "tcp://127.0.0.1:1883");
    }

    @Test
    void aMissingCaFileFailsNamingTheProperty(@TempDir Path dir) {
        assertStartupFails("kite.mqtt.tls.ca-file=" + dir.resolve("nope.pem"), "kite.mqtt.tls.ca-file '", "nope.pem");
    }

    @Test
    void aCertificateWithoutItsKeyFails(@TempDir Path dir) {
        assertStartupFails("kite.mqtt.tls.certificate-file=" + dir, "kite.mqtt.tls.certificate-file and",
                "give both");
    }

    @Test
    void anEmptyClientIdWithAPersistentSessionFails() {
        assertStartupFails("kite.mqtt.clean-session=false", "kite.mqtt: clientId is empty", "cleanSession");
    }

    @Test
    void aNegativeStartupTimeoutFails() {
        assertStartupFails("kite.mqtt.lifecycle.startup-timeout=-1s", "kite.mqtt.lifecycle.startup-timeout",
                "must be 0 or more");
    }

    private void assertStartupFails(String property, String... messageParts) {
        runner.withPropertyValues(property).run(ctx -> {
            assertThat(ctx).hasFailed();
            Throwable failure = ctx.getStartupFailure();
            List<String> messages = new ArrayList<>();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
            assertThat(String.join(" | ", messages)).as("messages of the failure and its causes")
                    .contains(messageParts);
        });
    }

    @Test
    void customizersRunInOrderAfterTheProperties() {
        List<String> calls = new ArrayList<>();
        runner.withPropertyValues("kite.mqtt.client-id=from-properties")
                .withBean("second", KiteClientCustomizer.class, () -> new Recording(calls, "second"))
                .withBean("first", KiteClientCustomizer.class, () -> new First(calls))
                .run(ctx -> {
                    assertThat(ctx.getBean(MqttClient.class).optionsReader().clientId()).isEqualTo("second");
                    assertThat(calls).containsExactly("first", "second");
                });
    }

    /** Sets the client id to its name and records the call. */
    @Order(2)
    static class Recording implements KiteClientCustomizer {
        private final List<String> calls;
        private final String name;

        Recording(List<String> calls, String name) {
            this.calls = calls;
            this.name = name;
        }

        @Override
        public void customize(ClientOptions options) {
            options.setClientId(name);
            calls.add(name);
        }
    }

    @Order(1)
    static final class First extends Recording {
        First(List<String> calls) {
            super(calls, "first");
        }
    }

    @Test
    void anApplicationsOwnClientReplacesTheAutoConfiguredOne() {
        MqttClient own = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1999").setClientId("own"));
        runner.withBean(MqttClient.class, () -> own).run(ctx -> {
            assertThat(ctx).getBean(MqttClient.class).isSameAs(own);
            assertThat(ctx).hasSingleBean(KiteClientLifecycle.class);
        });
    }

    @Test
    void healthIsDownWithTheStateWhileNotConnected() {
        runner.withPropertyValues("kite.mqtt.client-id=health").run(ctx -> {
            Health health = ctx.getBean("kiteMqttHealthIndicator", KiteBoot3HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsAllEntriesOf(Map.of("state", "DISCONNECTED", "clientId", "health",
                    "brokers", "[tcp://127.0.0.1:1883]", "inFlight", 0, "queued", 0, "reconnects", 0L));
        });
    }

    @Test
    void healthDetailsNeverShowAPasswordGivenInTheBrokerAddress() {
        runner.withPropertyValues("kite.mqtt.brokers=tcp://app:s3cret@127.0.0.1:1883").run(ctx -> {
            Health health = ctx.getBean(KiteBoot3HealthIndicator.class).health();
            assertThat(health.getDetails().get("brokers")).asString().contains("127.0.0.1:1883").doesNotContain("s3cret");
        });
    }

    @Test
    void healthCanBeTurnedOff() {
        runner.withPropertyValues("management.health.kite-mqtt.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean("kiteMqttHealthIndicator"));
    }

    @Test
    void noHealthIndicatorWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(MqttClient.class);
                    assertThat(ctx).doesNotHaveBean("kiteMqttHealthIndicator");
                });
    }

    @Test
    void withKiteMicrometerTheClientReportsToTheMetricsBean() {
        runner.withConfiguration(AutoConfigurations.of(KiteMetricsAutoConfiguration.class)).run(ctx -> {
            assertThat(ctx).hasSingleBean(KiteMetrics.class);
            assertThat(ctx.getBean(MqttClient.class).optionsReader().observers()).containsExactly(ctx.getBean(KiteMetrics.class));
        });
    }

    @Test
    void metricsCanBeTurnedOff() {
        runner.withConfiguration(AutoConfigurations.of(KiteMetricsAutoConfiguration.class))
                .withPropertyValues("kite.mqtt.metrics.enabled=false").run(ctx -> {
                    assertThat(ctx).doesNotHaveBean(KiteMetrics.class);
                    assertThat(ctx.getBean(MqttClient.class).optionsReader().observers()).isEmpty();
                });
    }

    @Test
    void noMetricsWithoutKiteMicrometer() {
        runner.withConfiguration(AutoConfigurations.of(KiteMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(KiteMetrics.class)).run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(KiteMetrics.class);
                    assertThat(ctx.getBean(MqttClient.class).optionsReader().observers()).isEmpty();
                });
    }
}
