package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.internal.transport.Secrets;
import java.net.URI;
import java.util.Objects;

/**
 * A broker to try: its address without user information, which is all that transports, handlers
 * and messages ever see, and the user information of the address apart, for the CONNECT only.
 *
 * @param uri the address, without user information
 * @param rawUserInfo the user information as written (percent-encoded), or {@code null}
 */
public record Broker(URI uri, String rawUserInfo) {
    /**
     * Checks that the address itself carries no credentials.
     *
     * @throws IllegalArgumentException if {@code uri} has user information
     */
    public Broker {
        Objects.requireNonNull(uri, "uri");
        if (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw new IllegalArgumentException("a Broker's URI carries no user information");
        }
    }

    /** Returns the address for messages: {@code tcp://****@host:1883} when it had user information. */
    @Override
    public String toString() {
        String scheme = uri.getScheme();
        return Secrets.address(scheme, rawUserInfo != null, uri.toString().substring(scheme.length() + 3));
    }
}
