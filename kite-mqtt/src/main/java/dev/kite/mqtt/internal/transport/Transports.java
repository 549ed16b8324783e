package dev.kite.mqtt.internal.transport;

import dev.kite.mqtt.transport.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a {@link Link} for a broker URI, by scheme. */
public final class Transports {
    private static final Logger log = LoggerFactory.getLogger(Transports.class);

    private Transports() {
    }

    /**
     * Opens a link to a broker.
     *
     * @param broker the broker URI, as parsed by the options
     * @param tls TLS settings for TLS schemes, or {@code null} for the JVM defaults
     * @param timeout the bound on opening (TCP connect and TLS handshake)
     * @return the open link
     * @throws IOException if it cannot be opened; the message says why
     */
    public static Link open(URI broker, TlsConfig tls, Duration timeout) throws IOException {
        String scheme = broker.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "tcp", "mqtt":
                return new SocketLink(connect(broker, timeout), display(broker));
            case "ssl", "tls", "mqtts", "mqtt+ssl", "tcps":
                return new SocketLink(tls(broker, tls == null ? TlsConfig.defaults() : tls, timeout), display(broker));
            default:
                throw new IOException("scheme '" + scheme + "' of " + display(broker) + " is not supported yet");
        }
    }

    private static Socket connect(URI broker, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(broker.getHost(), broker.getPort()), (int) Math.min(Integer.MAX_VALUE,
                    Math.max(1, timeout.toMillis())));
            return s;
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to " + display(broker) + ": " + e.getMessage(), e);
        }
    }

    private static Socket tls(URI broker, TlsConfig tls, Duration timeout) throws IOException {
        Socket plain = connect(broker, timeout);
        String host = tls.serverName() != null ? tls.serverName() : broker.getHost();
        SSLSocket s = (SSLSocket) tls.context().getSocketFactory().createSocket(plain, host, broker.getPort(), true);
        try {
            SSLParameters params = s.getSSLParameters();
            if (tls.verifyHostname()) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            } else {
                log.warn("TLS host name verification is off for {}: the broker's identity is not checked",
                        display(broker));
            }
            if (!host.isEmpty() && Character.isLetter(host.charAt(0))) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            s.setSSLParameters(params);
            s.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            s.startHandshake();
            s.setSoTimeout(0);
            return s;
        } catch (IOException e) {
            s.close();
            throw new IOException("TLS handshake with " + display(broker) + " failed: " + e.getMessage(), e);
        }
    }

    /** Returns the URI without user info, safe to log. */
    public static String display(URI uri) {
        if (uri.getUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + (uri.getPath() == null ? "" : uri.getPath());
    }
}
