package dev.kite.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptionsReader;
import dev.kite.mqtt.MqttClient;
import dev.kite.spring.boot.KiteBoot4HealthIndicator;
import dev.kite.spring.boot.KiteHealthAutoConfiguration;
import dev.kite.spring.boot.KiteMqttAutoConfiguration;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Binding, refused values and the health indicator under Spring Boot 4's binder, without a broker. */
class KiteBoot4AutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KiteMqttAutoConfiguration.class, KiteHealthAutoConfiguration.class))
            .withPropertyValues("kite.mqtt.lifecycle.auto-startup=false");

    @Test
    void propertiesBindUnderBoot4() {
        runner.withPropertyValues("kite.mqtt.brokers=tcp://127.0.0.1:1884,tcp://127.0.0.1:1885",
                "kite.mqtt.client-id=boot4", "kite.mqtt.keep-alive=15s", "kite.mqtt.protocol-version=5").run(ctx -> {
                    ClientOptionsReader o = ctx.getBean(MqttClient.class).optionsReader();
                    assertThat(o.brokers()).containsExactly(URI.create("tcp://127.0.0.1:1884"),
                            URI.create("tcp://127.0.0.1:1885"));
                    assertThat(o.clientId()).isEqualTo("boot4");
                    assertThat(o.keepAlive()).isEqualTo(Duration.ofSeconds(15));
                    assertThat(o.protocolVersion()).isEqualTo(5);
                });
    }

    @Test
    void aRefusedValueFailsNamingTheProperty() {
        runner.withPropertyValues("kite.mqtt.keep-alive=1500ms").run(ctx -> assertThat(ctx).hasFailed().getFailure()
                .hasStackTraceContaining("kite.mqtt.keep-alive: keepAlive PT1.5S: must be whole seconds"));
    }

    @Test
    void aValueThatIsNotADurationFailsAtBinding() {
        runner.withPropertyValues("kite.mqtt.connect-timeout=soon").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().hasStackTraceContaining("kite.mqtt.connect-timeout"));
    }

    @Test
    void theHealthIndicatorUsesBoot4sApi() {
        runner.run(ctx -> {
            Health health = ctx.getBean("kiteMqttHealthIndicator", KiteBoot4HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("state", "DISCONNECTED");
        });
    }
}
