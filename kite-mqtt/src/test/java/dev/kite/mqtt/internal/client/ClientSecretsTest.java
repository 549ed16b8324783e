package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.FrozenOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the client keeps of the credentials, and for how long. */
class ClientSecretsTest {
    @Test
    void closeClearsThePasswordBytesTheClientWasGiven() {
        byte[] password = "cl1ent-S3cret".getBytes(StandardCharsets.UTF_8);
        RealMqttClient client = new RealMqttClient(FrozenOptions.of(new ClientOptions().setClientId("secrets")), password,
                List.of());

        client.close();

        assertThat(password).containsOnly(0);
    }
}
