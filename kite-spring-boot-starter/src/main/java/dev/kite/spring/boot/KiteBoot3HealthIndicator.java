package dev.kite.spring.boot;

import dev.kite.mqtt.MqttClient;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The client's health for Spring Boot 3's actuator ({@code spring-boot-actuator}): UP when
 * connected, DOWN otherwise, with the connection state, client id, brokers, messages in flight
 * and queued, and reconnects as details. Shown as {@code kiteMqtt} under {@code /actuator/health}.
 *
 * @since 0.2
 */
public final class KiteBoot3HealthIndicator implements HealthIndicator {
    private final MqttClient client;

    /**
     * Creates the indicator.
     *
     * @param client the client to report on
     */
    public KiteBoot3HealthIndicator(MqttClient client) {
        this.client = client;
    }

    /** Returns UP when the client is connected, DOWN otherwise, with details. */
    @Override
    public Health health() {
        Health.Builder b = KiteHealth.isUp(client) ? Health.up() : Health.down();
        return b.withDetails(KiteHealth.details(client)).build();
    }
}
