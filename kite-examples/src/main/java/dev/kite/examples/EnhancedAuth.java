package dev.kite.examples;

import dev.kite.broker.EmbeddedBroker;
import dev.kite.broker.HmacChallengeExtension;
import dev.kite.mqtt.Authenticator;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.Token;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MQTT 5.0 enhanced authentication: an {@link Authenticator} answers the broker's challenge with a
 * salted HMAC-SHA-256, at connect and again on {@link MqttClient#reauthenticate()}, so the password
 * never crosses the network. The broker is the embedded HiveMQ CE with
 * {@link HmacChallengeExtension}, the broker side written against HiveMQ's extension SDK.
 *
 * <p>The exchange, method {@value HmacChallengeExtension#METHOD}: the client sends its user name;
 * the broker answers with the user's salt and a fresh nonce; the client sends
 * {@code HMAC(HMAC(password, salt), nonce)}; the broker accepts it (CONNACK 0x00, or AUTH 0x00 on
 * re-authentication) or refuses with 0x87 Not authorized.
 *
 * <pre>{@code
 * java -cp kite-cli/target/kite.jar:kite-embedded-broker/target/kite-demo.jar dev.kite.examples.EnhancedAuth
 * }</pre>
 *
 * <p>It needs kite-embedded-broker on the class path: a {@code provided} dependency of this
 * module, as of kite-cli, so kite.jar does not carry the broker.
 *
 * @since 0.2
 */
public final class EnhancedAuth {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EnhancedAuth() {
    }

    /**
     * The client side of the exchange for one user: the user name first, then an answer to the
     * challenge that proves the password without sending it.
     */
    static final class HmacAuthenticator implements Authenticator {
        private final String user;
        private final byte[] password;

        HmacAuthenticator(String user, String password) {
            this.user = user;
            this.password = password.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String method() {
            return HmacChallengeExtension.METHOD;
        }

        @Override
        public byte[] initialData() {
            return user.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] onChallenge(byte[] challenge) {
            // the challenge: the user's 16-byte salt, then the broker's 16-byte nonce
            byte[] salt = Arrays.copyOfRange(challenge, 0, 16);
            byte[] nonce = Arrays.copyOfRange(challenge, 16, challenge.length);
            return hmacSha256(hmacSha256(password, salt), nonce);
        }

        private static byte[] hmacSha256(byte[] key, byte[] data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java platform has HmacSHA256", e);
            }
        }
    }

    /**
     * Runs the example: starts the embedded broker with user {@code alice}, connects, publishes,
     * re-authenticates, then shows a wrong password refused.
     *
     * @param args none
     * @throws Exception if the broker does not start or the exchange fails
     */
    public static void main(String[] args) throws Exception {
        run();
    }

    /**
     * Runs the example, printing {@code CONNECTED}, {@code REAUTHENTICATED} and {@code REFUSED} lines.
     *
     * @throws Exception if the broker does not start, or the right password is refused
     */
    public static void run() throws Exception {
        HmacChallengeExtension brokerSide = new HmacChallengeExtension(Map.of("alice", "wonderland"));
        try (EmbeddedBroker broker = EmbeddedBroker.startWithExtension("kite-hmac-auth", brokerSide)) {
            try (MqttClient alice = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                    .setClientId("kite-alice").setProtocolVersion(5)
                    .setAuthenticator(new HmacAuthenticator("alice", "wonderland")))) {
                alice.connect().await();
                System.out.printf("CONNECTED: alice, after the broker's challenge%n");
                alice.publish("kite-example/auth", 1, false, "hello").await();

                Token again = alice.reauthenticate();
                again.waitFor(WAIT);
                if (again.error() != null) {
                    throw new IllegalStateException("re-authentication failed", again.error());
                }
                System.out.printf("REAUTHENTICATED: alice, same connection (%d exchanges accepted)%n",
                        brokerSide.successes());
                alice.disconnect(250);
            }

            try (MqttClient intruder = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                    .setClientId("kite-intruder").setProtocolVersion(5)
                    .setAuthenticator(new HmacAuthenticator("alice", "guess")))) {
                Token t = intruder.connect();
                t.waitFor(WAIT);
                if (t.error() instanceof MqttServerException refused) {
                    System.out.printf("REFUSED: a wrong password, reason code 0x%02X %s%n", refused.code(),
                            refused.reasonString().orElse(""));
                } else {
                    throw new IllegalStateException("a wrong password was not refused", t.error());
                }
            }
        }
    }
}
