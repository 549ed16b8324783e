package dev.kite.spring.boot;

import dev.kite.mqtt.MqttClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The client's health for Spring Boot 4 ({@code spring-boot-health}): UP when connected, DOWN
 * otherwise, with the connection state, client id, brokers, messages in flight and queued, and
 * reconnects as details. Shown as {@code kiteMqtt} under {@code /actuator/health}.
 *
 * @since 0.2
 */
public final class KiteBoot4HealthIndicator implements HealthIndicator {
    private final MqttClient client;

    /**
     * Creates the indicator.
     *
     * @param client the client to report on
     */
    public KiteBoot4HealthIndicator(MqttClient client) {
        this.client = client;
    }

    /** Returns UP when the client is connected, DOWN otherwise, with details. */
    @Override
    public Health health() {
        Health.Builder b = KiteHealth.isUp(client) ? Health.up() : Health.down();
        return b.withDetails(KiteHealth.details(client)).build();
    }
}
