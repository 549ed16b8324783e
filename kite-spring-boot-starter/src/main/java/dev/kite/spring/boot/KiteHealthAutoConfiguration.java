package dev.kite.spring.boot;

import dev.kite.mqtt.MqttClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code kiteMqtt} health indicator for the {@link MqttClient} bean, with the health
 * API of the Spring Boot in use: Boot 3's {@code spring-boot-actuator} or Boot 4's
 * {@code spring-boot-health}. {@code management.health.kite-mqtt.enabled=false} turns it off.
 *
 * @since 0.2
 */
@AutoConfiguration(after = KiteMqttAutoConfiguration.class)
@ConditionalOnBean(MqttClient.class)
@ConditionalOnProperty(prefix = "management.health.kite-mqtt", name = "enabled", matchIfMissing = true)
public class KiteHealthAutoConfiguration {
    static final String BEAN = "kiteMqttHealthIndicator";

    /** Creates the configuration; Spring calls it. */
    public KiteHealthAutoConfiguration() {
    }

    /** Spring Boot 4: {@code org.springframework.boot.health.contributor}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4 {
        @Bean(BEAN)
        @ConditionalOnMissingBean(name = BEAN)
        KiteBoot4HealthIndicator kiteMqttHealthIndicator(MqttClient client) {
            return new KiteBoot4HealthIndicator(client);
        }
    }

    /** Spring Boot 3: {@code org.springframework.boot.actuate.health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    static class Boot3 {
        @Bean(BEAN)
        @ConditionalOnMissingBean(name = BEAN)
        KiteBoot3HealthIndicator kiteMqttHealthIndicator(MqttClient client) {
            return new KiteBoot3HealthIndicator(client);
        }
    }
}
