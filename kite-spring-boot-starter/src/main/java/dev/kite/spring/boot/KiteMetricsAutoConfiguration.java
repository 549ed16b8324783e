package dev.kite.spring.boot;

import dev.kite.micrometer.KiteMetrics;
import dev.kite.mqtt.MqttClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Adds Kite's Micrometer meters when both {@code kite-micrometer} and Micrometer are on the class
 * path: a {@link KiteMetrics} bean, which Spring Boot's actuator binds to every
 * {@link MeterRegistry} as it binds any {@code MeterBinder}, added to the client as its observer
 * through a {@link KiteClientCustomizer}, with the client's gauges registered once the context
 * is ready. {@code kite.mqtt.metrics.enabled=false} turns it off.
 *
 * @since 0.2
 */
@AutoConfiguration(before = KiteMqttAutoConfiguration.class)
@ConditionalOnClass({KiteMetrics.class, MeterRegistry.class})
@ConditionalOnProperty(prefix = "kite.mqtt.metrics", name = "enabled", matchIfMissing = true)
public class KiteMetricsAutoConfiguration {
    /** Creates the configuration; Spring calls it. */
    public KiteMetricsAutoConfiguration() {
    }

    /**
     * The meters of the context's Kite clients.
     *
     * @return a binder and observer with no extra tags
     */
    @Bean
    @ConditionalOnMissingBean
    public KiteMetrics kiteMetrics() {
        return new KiteMetrics();
    }

    /**
     * Makes the client report to {@code metrics}.
     *
     * @param metrics the meters
     * @return a customizer adding {@code metrics} as an observer
     */
    @Bean
    public KiteClientCustomizer kiteMetricsObserver(KiteMetrics metrics) {
        return options -> options.addObserver(metrics);
    }

    /**
     * Registers the client's gauges (state, in flight, queued, delivery queue) before its first
     * event, once every singleton exists.
     *
     * @param metrics the meters
     * @param clients the context's client, if it has one
     * @return the callback Spring runs when the singletons are ready
     */
    @Bean
    public SmartInitializingSingleton kiteMetricsGauges(KiteMetrics metrics, ObjectProvider<MqttClient> clients) {
        return () -> clients.ifAvailable(metrics::monitor);
    }
}
