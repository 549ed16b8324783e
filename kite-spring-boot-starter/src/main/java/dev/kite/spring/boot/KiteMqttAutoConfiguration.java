package dev.kite.spring.boot;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Makes an {@link MqttClient} bean from the {@code kite.mqtt.*} properties
 * ({@link KiteMqttProperties}) and every {@link KiteClientCustomizer} bean, and a
 * {@link KiteClientLifecycle} that connects it when the application starts and disconnects it
 * when it stops. An application's own {@code MqttClient} bean replaces the first (the lifecycle
 * then connects that one).
 *
 * <p>Kite's other integrations join through {@link KiteClientCustomizer} beans made by their own
 * auto-configurations, each conditional on its framework's classes (Micrometer's binder,
 * OpenTelemetry's context propagation); this configuration needs no change for them.
 *
 * @since 0.2
 */
@AutoConfiguration
@ConditionalOnClass(MqttClient.class)
@EnableConfigurationProperties(KiteMqttProperties.class)
public class KiteMqttAutoConfiguration {
    /** Creates the configuration; Spring calls it. */
    public KiteMqttAutoConfiguration() {
    }

    /**
     * The client: options from the properties, then each customizer in order.
     *
     * @param properties {@code kite.mqtt.*}
     * @param customizers the customizers
     * @return the client, not yet connected (the lifecycle connects it)
     * @throws IllegalArgumentException naming the property when a value is refused
     */
    @Bean
    @ConditionalOnMissingBean
    public MqttClient kiteMqttClient(KiteMqttProperties properties, ObjectProvider<KiteClientCustomizer> customizers) {
        ClientOptions options = ClientOptionsMapper.toOptions(properties);
        customizers.orderedStream().forEach(c -> c.customize(options));
        try {
            return MqttClient.create(options);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kite.mqtt: " + e.getMessage(), e);
        }
    }

    /**
     * Connects the client at start-up and disconnects it at shutdown.
     *
     * @param client the client
     * @param properties {@code kite.mqtt.*}
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public KiteClientLifecycle kiteClientLifecycle(MqttClient client, KiteMqttProperties properties) {
        return new KiteClientLifecycle(client, properties.getLifecycle());
    }
}
