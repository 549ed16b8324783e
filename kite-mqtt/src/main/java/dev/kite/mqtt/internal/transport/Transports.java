package dev.kite.mqtt.internal.transport;

import dev.kite.mqtt.transport.ProxyConfig;
import dev.kite.mqtt.transport.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link Link} for a broker URI, by scheme, as paho.mqtt.golang: {@code tcp}/{@code mqtt},
 * {@code ssl}/{@code tls}/{@code mqtts}/{@code mqtt+ssl}/{@code tcps}, {@code ws}, {@code wss},
 * {@code unix}. TCP and TLS connections go through the configured proxy, or the one named by
 * {@code all_proxy}. Every step is bounded by the connect timeout.
 */
public final class Transports {
    private static final Logger log = LoggerFactory.getLogger(Transports.class);

    private Transports() {
    }

    /**
     * Opens a link to a broker.
     *
     * @param broker the broker URI, as parsed by the options
     * @param dial the settings of this attempt
     * @return the open link
     * @throws IOException if it cannot be opened; the message says why and never holds credentials
     */
    public static Link open(URI broker, Dial dial) throws IOException {
        String scheme = broker.getScheme().toLowerCase(Locale.ROOT);
        String where = display(broker);
        Deadline deadline = new Deadline(dial.timeout());
        switch (scheme) {
            case "tcp", "mqtt":
                return new StreamLink(tcp(broker, dial, deadline, where), where);
            case "ssl", "tls", "mqtts", "mqtt+ssl", "tcps": {
                Socket plain = tcp(broker, dial, deadline, where);
                SSLSocket s = Tls.handshake(plain, broker.getHost(), broker.getPort(), tls(dial), deadline, where);
                String host = broker.getHost();
                return new StreamLink(s, where, TlsErrors.explaining(s.getInputStream(), host),
                        TlsErrors.explaining(s.getOutputStream(), s, host));
            }
            case "ws", "wss":
                return WebSockets.open(broker, dial, tls(dial), deadline, where);
            case "unix":
                return UnixLink.open(Path.of(broker.getPath()), where);
            default:
                throw new IOException("scheme '" + scheme + "' of " + where + " is not supported");
        }
    }

    // Only TLS schemes need it: the JVM's default SSLContext loads the CA store, which costs a plain
    // tcp:// connect about 0.1 s of CPU at startup (kite pub).
    private static TlsConfig tls(Dial dial) {
        return dial.tls() == null ? TlsConfig.defaults() : dial.tls();
    }

    /** A TCP connection to the broker, direct or tunnelled through the proxy. */
    private static Socket tcp(URI broker, Dial dial, Deadline deadline, String where) throws IOException {
        ProxyConfig proxy = proxyFor(broker, dial);
        if (proxy == ProxyConfig.NONE) {
            return connect(broker.getHost(), broker.getPort(), deadline, where);
        }
        String via = proxy.toString();
        log.debug("connecting to {} through {}", where, via);
        Socket s = connect(proxy.host(), proxy.port(), deadline, "proxy " + via);
        String step = "proxy handshake with " + via + " for " + where;
        try (Deadline.Watch watch = deadline.watch(s)) {
            try {
                s.setSoTimeout(deadline.remainingMillis(step));
                if (proxy.type() == ProxyConfig.Type.SOCKS5) {
                    Socks5.connect(s.getInputStream(), s.getOutputStream(), proxy, broker.getHost(), broker.getPort());
                } else {
                    HttpConnect.connect(s.getInputStream(), s.getOutputStream(), proxy, broker.getHost(), broker.getPort());
                }
                s.setSoTimeout(0);
                return s;
            } catch (IOException e) {
                s.close();
                throw watch.explain(e, deadline, step);
            }
        }
    }

    private static ProxyConfig proxyFor(URI broker, Dial dial) throws IOException {
        ProxyConfig proxy;
        try {
            proxy = dial.proxy() != null ? dial.proxy() : ProxyConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return proxy.appliesTo(broker.getHost()) ? proxy : ProxyConfig.NONE;
    }

    private static Socket connect(String host, int port, Deadline deadline, String where) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), deadline.remainingMillis("connect to " + where));
            return s;
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the URI without user info, safe to log (brokers reach the transports without it;
     * this holds for any URI).
     *
     * @param uri a broker URI
     * @return the URI without user information
     */
    public static String display(URI uri) {
        return Secrets.redact(uri);
    }
}
