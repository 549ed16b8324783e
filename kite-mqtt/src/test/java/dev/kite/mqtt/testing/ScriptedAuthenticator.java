package dev.kite.mqtt.testing;

import dev.kite.mqtt.Authenticator;
import java.util.function.UnaryOperator;

/**
 * An {@link Authenticator} for tests: a method name, the initial data, and a function from each
 * challenge to its answer.
 *
 * @param method the authentication method
 * @param initialData the data sent in CONNECT (or AUTH 0x19), or null
 * @param answer turns the broker's data into the client's
 */
public record ScriptedAuthenticator(String method, byte[] initialData, UnaryOperator<byte[]> answer)
        implements Authenticator {

    /** Returns an authenticator that answers each challenge with the challenge's own bytes. */
    public static ScriptedAuthenticator echo(String method, byte[] initialData) {
        return new ScriptedAuthenticator(method, initialData, data -> data);
    }

    @Override
    public byte[] initialData() {
        return initialData == null ? null : initialData.clone();
    }

    @Override
    public byte[] onChallenge(byte[] data) {
        return answer.apply(data);
    }
}
