package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.ReasonCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where an MQTT 5.0 broker points the client: the Server Reference of a CONNACK or DISCONNECT
 * with reason code 0x9C (use another server) or 0x9D (server moved), section 4.11. The
 * specification leaves its format open; brokers send {@code host}, {@code host:port}, or a
 * space-separated list of them. Pure: strings in, an address out.
 */
final class ServerReference {
    /** How many redirects are followed in a row, so two brokers pointing at each other end. */
    static final int MAX_IN_A_ROW = 3;

    private ServerReference() {
    }

    /**
     * Returns the broker a refusal or a DISCONNECT points to, or empty when it points nowhere
     * usable: another reason code, no reference, or one that does not parse.
     *
     * @param error what the broker sent
     * @param from the broker that sent it
     */
    static Optional<Broker> of(MqttServerException error, Broker from) {
        int code = error.code();
        if (code != ReasonCode.USE_ANOTHER_SERVER.code() && code != ReasonCode.SERVER_MOVED.code()) {
            return Optional.empty();
        }
        return error.serverReference().flatMap(r -> resolve(r, from.uri()))
                .map(uri -> new Broker(uri, from.rawUserInfo()));
    }

    /**
     * Resolves a reference against the broker that sent it: the first entry of the list, with
     * the sender's scheme and path (a scheme in the reference is dropped, so a TLS connection is
     * never sent to plain TCP), and the sender's port when the reference names none.
     *
     * @param reference the Server Reference property
     * @param from the address of the broker that sent it
     * @return the address, or empty if the reference names no host
     */
    static Optional<URI> resolve(String reference, URI from) {
        String first = reference.strip().split("\\s+", 2)[0];
        int scheme = first.indexOf("://");
        if (scheme >= 0) {
            first = first.substring(scheme + 3);
        }
        int slash = first.indexOf('/');
        if (slash >= 0) {
            first = first.substring(0, slash);
        }
        if (first.isEmpty() || first.contains("@") || from.getScheme().equals("unix")) {
            return Optional.empty();
        }
        try {
            URI parsed = new URI("x://" + first);
            if (parsed.getHost() == null || parsed.getPort() == 0 || parsed.getPort() > 65_535) {
                return Optional.empty();
            }
            int port = parsed.getPort() < 0 ? from.getPort() : parsed.getPort();
            String path = from.getRawPath() == null ? "" : from.getRawPath();
            return Optional.of(new URI(from.getScheme() + "://" + parsed.getHost() + ":" + port + path));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
