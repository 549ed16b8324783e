package dev.kite.spring.boot;

import dev.kite.mqtt.ClientStats;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What both health indicators (Boot 3's and Boot 4's API) report: UP when the client is connected,
 * DOWN otherwise, with the state and the addresses (never their user information).
 */
final class KiteHealth {
    private KiteHealth() {
    }

    static boolean isUp(MqttClient client) {
        return client.state() == ConnectionState.CONNECTED;
    }

    static Map<String, Object> details(MqttClient client) {
        ClientStats stats = client.stats();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", client.state().name());
        details.put("clientId", client.optionsReader().clientId());
        details.put("brokers", client.optionsReader().brokers().toString());
        details.put("inFlight", stats.inFlight());
        details.put("queued", stats.queued());
        details.put("reconnects", stats.reconnects());
        return details;
    }
}
