package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.broker.EmbeddedBroker;
import dev.kite.broker.HmacChallengeExtension;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.Token;
import dev.kite.mqtt.testing.Recorder;
import dev.kite.mqtt.testing.ScriptedAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MQTT 5.0 enhanced authentication through a real broker: the embedded HiveMQ CE with
 * {@link HmacChallengeExtension}, a salted HMAC-SHA-256 challenge/response written against
 * HiveMQ's extension SDK. Kite's {@code Authenticator} answers at connect and on
 * {@code reauthenticate()}; a wrong answer gets the broker's reason code.
 */
class EnhancedAuthIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static HmacChallengeExtension auth;
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        auth = new HmacChallengeExtension(Map.of("alice", "wonderland", "bob", "builder"));
        broker = EmbeddedBroker.startWithExtension("kite-hmac-auth", auth);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Options for {@code user} answering each challenge with what {@code password} holds then. */
    private static ClientOptions as(String clientId, String user, AtomicReference<String> password) {
        return new ClientOptions().addBroker(broker.uri()).setClientId(clientId).setProtocolVersion(5)
                .setAutoReconnect(false)
                .setAuthenticator(new ScriptedAuthenticator(HmacChallengeExtension.METHOD,
                        user.getBytes(StandardCharsets.UTF_8),
                        challenge -> HmacChallengeExtension.answer(password.get(), challenge)));
    }

    private static MqttServerException refusal(String clientId, String user, String password) {
        try (MqttClient c = MqttClient.create(as(clientId, user, new AtomicReference<>(password)))) {
            ConnectToken t = c.connect();
            assertThat(t.waitFor(WAIT)).isTrue();
            assertThat(c.isConnected()).isFalse();
            assertThat(t.error()).isInstanceOf(MqttServerException.class);
            return (MqttServerException) t.error();
        }
    }

    @Test
    void theRightAnswerConnectsAndReauthenticationGoesThroughTheBroker() {
        int before = auth.successes();
        try (MqttClient c = MqttClient.create(as("auth-alice", "alice", new AtomicReference<>("wonderland")))) {
            c.connect().await();
            assertThat(auth.successes()).as("exchanges the broker accepted").isEqualTo(before + 1);

            Token reauth = c.reauthenticate();
            assertThat(reauth.waitFor(WAIT)).isTrue();
            assertThat(reauth.error()).isNull();
            assertThat(auth.successes()).as("exchanges the broker accepted").isEqualTo(before + 2);

            // the connection carries on after re-authentication
            Recorder rec = new Recorder();
            c.subscribe("kite/auth/#", 1, rec).await();
            c.publish("kite/auth/after", 1, false, "still here").await();
            assertThat(rec.awaitCount(1, WAIT)).extracting(m -> new String(m.payload(), StandardCharsets.UTF_8))
                    .containsExactly("still here");
            assertThat(c.isConnected()).isTrue();
        }
    }

    @Test
    void aWrongAnswerAtConnectIsRefusedWithNotAuthorized() {
        MqttServerException refused = refusal("auth-wrong", "bob", "not-the-password");
        assertThat(refused.code()).isEqualTo(0x87);
        assertThat(refused.reasonString()).contains("wrong answer to the challenge");
    }

    @Test
    void anUnknownUserIsRefusedWithBadUserNameOrPassword() {
        MqttServerException refused = refusal("auth-nobody", "mallory", "anything");
        assertThat(refused.code()).isEqualTo(0x86);
    }

    @Test
    void aWrongAnswerOnReauthenticationEndsTheConnectionWithNotAuthorized() {
        AtomicReference<String> password = new AtomicReference<>("builder");
        AtomicReference<Throwable> lost = new AtomicReference<>();
        try (MqttClient c = MqttClient.create(as("auth-bob", "bob", password)
                .setConnectionLostHandler((client, cause) -> lost.set(cause)))) {
            c.connect().await();
            password.set("forgotten");

            Token reauth = c.reauthenticate();
            assertThat(reauth.waitFor(WAIT)).isTrue();
            assertThat(reauth.error()).isInstanceOfSatisfying(MqttServerException.class,
                    e -> assertThat(e.code()).isEqualTo(0x87));
            await().atMost(WAIT).until(() -> lost.get() != null);
            assertThat(lost.get()).isInstanceOfSatisfying(MqttServerException.class,
                    e -> assertThat(e.code()).isEqualTo(0x87));
            assertThat(c.isConnected()).isFalse();
        }
    }
}
