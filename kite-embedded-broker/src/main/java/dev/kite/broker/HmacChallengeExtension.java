package dev.kite.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.EnhancedAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.EnhancedAuthConnectInput;
import com.hivemq.extension.sdk.api.auth.parameter.EnhancedAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.EnhancedAuthOutput;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The broker side of a salted HMAC-SHA-256 challenge/response, as an extension for
 * {@link EmbeddedBroker#startWithExtension}: MQTT 5.0 enhanced authentication (section 4.12) with
 * method {@value #METHOD}, at connect and on re-authentication.
 *
 * <ol>
 *   <li>The client sends the method and its user name (UTF-8) as Authentication Data, in CONNECT
 *       or in an AUTH 0x19 (re-authenticate).</li>
 *   <li>The broker answers AUTH 0x18 with a challenge: the user's 16-byte salt, then a fresh
 *       16-byte nonce.</li>
 *   <li>The client answers AUTH 0x18 with {@code HMAC(HMAC(password, salt), nonce)}.</li>
 *   <li>The broker compares it with the same value from its stored salted key: CONNACK 0x00 (or
 *       AUTH 0x00 on re-authentication) when equal, 0x87 Not authorized when not; an unknown user
 *       gets 0x86 Bad user name or password, another method 0x8C Bad authentication method.</li>
 * </ol>
 *
 * <p>The broker keeps each user's salt and salted key, not the password. It is a test and demo
 * scheme: the salted key alone passes the exchange, so it must stay as secret as a password.
 */
public final class HmacChallengeExtension implements ExtensionMain {
    /** The Authentication Method this extension answers. */
    public static final String METHOD = "KITE-HMAC-SHA256";

    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 16;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[][]> saltAndKey = new HashMap<>();
    /** Per client id, the user and nonce of the challenge awaiting its answer. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger successes = new AtomicInteger();

    private record Pending(String user, byte[] nonce) {
    }

    /**
     * Creates the extension for these users.
     *
     * @param passwords user name to password; each is salted and hashed here and not kept
     * @throws IllegalArgumentException if a user name or password is empty
     */
    public HmacChallengeExtension(Map<String, String> passwords) {
        passwords.forEach((user, password) -> {
            if (user.isEmpty() || password.isEmpty()) {
                throw new IllegalArgumentException("user '" + user + "': user name and password must not be empty");
            }
            byte[] salt = new byte[SALT_BYTES];
            random.nextBytes(salt);
            saltAndKey.put(user, new byte[][] {salt, hmac(password.getBytes(StandardCharsets.UTF_8), salt)});
        });
    }

    /**
     * The client's answer to a challenge of this scheme: {@code HMAC(HMAC(password, salt), nonce)}.
     *
     * @param password the user's password
     * @param challenge the broker's Authentication Data: salt, then nonce
     * @return the answer to send back
     * @throws IllegalArgumentException if the challenge is not 32 bytes
     */
    public static byte[] answer(String password, byte[] challenge) {
        if (challenge.length != SALT_BYTES + NONCE_BYTES) {
            throw new IllegalArgumentException("challenge of " + challenge.length + " bytes: must be salt (16) + nonce (16)");
        }
        byte[] salted = hmac(password.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(challenge, SALT_BYTES));
        return hmac(salted, Arrays.copyOfRange(challenge, SALT_BYTES, challenge.length));
    }

    /**
     * Returns how many exchanges ended in success, at connect and on re-authentication.
     *
     * @return the count
     */
    public int successes() {
        return successes.get();
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Authenticator authenticator = new Authenticator();
        Services.securityRegistry().setEnhancedAuthenticatorProvider(providerInput -> authenticator);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        pending.clear();
    }

    /** One instance for every client: its state is the {@code pending} map, keyed by client id. */
    private final class Authenticator implements EnhancedAuthenticator {
        @Override
        public void onConnect(EnhancedAuthConnectInput input, EnhancedAuthOutput output) {
            challenge(input.getClientInformation().getClientId(), input.getConnectPacket().getAuthenticationMethod(),
                    input.getConnectPacket().getAuthenticationData(), output);
        }

        @Override
        public void onReAuth(EnhancedAuthInput input, EnhancedAuthOutput output) {
            challenge(input.getClientInformation().getClientId(), Optional.of(input.getAuthPacket().getAuthenticationMethod()),
                    input.getAuthPacket().getAuthenticationData(), output);
        }

        @Override
        public void onAuth(EnhancedAuthInput input, EnhancedAuthOutput output) {
            Pending asked = pending.remove(input.getClientInformation().getClientId());
            byte[] answer = input.getAuthPacket().getAuthenticationDataAsArray().orElse(new byte[0]);
            if (asked == null) {
                output.failAuthentication(DisconnectedReasonCode.PROTOCOL_ERROR, "an answer without a challenge");
                return;
            }
            byte[] expected = hmac(saltAndKey.get(asked.user())[1], asked.nonce());
            if (MessageDigest.isEqual(expected, answer)) {
                successes.incrementAndGet();
                output.authenticateSuccessfully();
            } else {
                output.failAuthentication(DisconnectedReasonCode.NOT_AUTHORIZED, "wrong answer to the challenge");
            }
        }

        private void challenge(String clientId, Optional<String> method, Optional<ByteBuffer> data,
                EnhancedAuthOutput output) {
            if (!method.filter(METHOD::equals).isPresent()) {
                output.failAuthentication(DisconnectedReasonCode.BAD_AUTHENTICATION_METHOD,
                        "authentication method must be " + METHOD);
                return;
            }
            String user = data.map(b -> StandardCharsets.UTF_8.decode(b.duplicate()).toString()).orElse("");
            byte[][] stored = saltAndKey.get(user);
            if (stored == null) {
                output.failAuthentication(DisconnectedReasonCode.BAD_USER_NAME_OR_PASSWORD, "unknown user");
                return;
            }
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            pending.put(clientId, new Pending(user, nonce));
            byte[] challenge = Arrays.copyOf(stored[0], SALT_BYTES + NONCE_BYTES);
            System.arraycopy(nonce, 0, challenge, SALT_BYTES, NONCE_BYTES);
            output.continueAuthentication(challenge);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
