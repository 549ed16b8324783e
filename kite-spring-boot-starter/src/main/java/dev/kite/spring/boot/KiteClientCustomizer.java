package dev.kite.spring.boot;

import dev.kite.mqtt.ClientOptions;

/**
 * Changes the {@link ClientOptions} of the auto-configured {@code MqttClient} after the
 * {@code kite.mqtt.*} properties were applied and before the client is created. Every bean of
 * this type is applied, in {@link org.springframework.core.annotation.Order @Order}; it is how an
 * application sets what properties cannot express (handlers, a will, an authenticator), and how
 * Kite's other integrations (metrics, tracing) plug into the client.
 *
 * <pre>{@code
 * @Bean
 * KiteClientCustomizer will() {
 *     return options -> options.setWill("status/orders", "offline", 1, true);
 * }
 * }</pre>
 *
 * @since 0.2
 */
@FunctionalInterface
public interface KiteClientCustomizer {
    /**
     * Changes the options.
     *
     * @param options the options the client will be created from
     */
    void customize(ClientOptions options);
}
