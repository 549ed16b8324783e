package dev.kite.mqtt;

/**
 * Enhanced authentication of MQTT 5.0 (section 4.12): names an authentication method, gives the
 * data sent in CONNECT and answers each challenge the broker sends in an AUTH packet. Used at
 * connect and on re-authentication; ignored under MQTT 3.1.1.
 *
 * <pre>{@code
 * Authenticator scram = new Authenticator() {
 *     public String method() { return "SCRAM-SHA-256"; }
 *     public byte[] initialData() { return clientFirstMessage(); }
 *     public byte[] onChallenge(byte[] serverFirst) { return clientFinalMessage(serverFirst); }
 * };
 * }</pre>
 *
 * @since 0.2
 */
public interface Authenticator {
    /**
     * Returns the authentication method, sent as the Authentication Method property.
     *
     * @return the method's name, such as {@code "SCRAM-SHA-256"}; a non-empty UTF-8 string
     */
    String method();

    /**
     * Returns the data sent with the method in CONNECT (or in the AUTH that starts a
     * re-authentication).
     *
     * @return the data, or {@code null} to send none; the default sends none
     */
    default byte[] initialData() {
        return null;
    }

    /**
     * Answers a challenge: the Authentication Data of an AUTH packet with reason code 0x18
     * (continue authentication) from the broker.
     *
     * @param data the broker's data; empty if it sent none
     * @return the data to send back in the client's AUTH, or {@code null} to send none
     * @throws RuntimeException to abandon the authentication; the connection is then closed
     */
    byte[] onChallenge(byte[] data);
}
