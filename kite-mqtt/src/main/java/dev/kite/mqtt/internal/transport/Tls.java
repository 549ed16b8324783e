package dev.kite.mqtt.internal.transport;

import dev.kite.mqtt.transport.TlsConfig;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TLS over a connected socket (direct or through a proxy tunnel), bounded by the deadline. */
final class Tls {
    private static final Logger log = LoggerFactory.getLogger(Tls.class);
    /** The broker addresses whose lack of verification was said at WARN. */
    private static final Set<String> INSECURE_WARNED = ConcurrentHashMap.newKeySet();

    private Tls() {
    }

    static SSLSocket handshake(Socket plain, String brokerHost, int port, TlsConfig tls, Deadline deadline,
            String where) throws IOException {
        warnIfInsecure(tls, where);
        String host = tls.serverName() != null ? tls.serverName() : brokerHost;
        SSLSocket s = (SSLSocket) tls.context().getSocketFactory().createSocket(plain, host, port, true);
        try (Deadline.Watch watch = deadline.watch(s)) {
            SSLParameters params = s.getSSLParameters();
            params.setProtocols(tls.protocols().toArray(new String[0]));
            if (tls.verifyHostname() && tls.verifyChain()) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (isHostName(host)) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            s.setSSLParameters(params);
            try {
                s.setSoTimeout(deadline.remainingMillis("TLS handshake with " + where));
                s.startHandshake();
                s.setSoTimeout(0);
                return s;
            } catch (SSLException e) {
                s.close();
                throw new SSLException("TLS handshake with " + where + " failed: " + TlsErrors.explain(e, host), e);
            } catch (IOException e) {
                s.close();
                if (watch.fired()) {
                    throw watch.explain(e, deadline, "TLS handshake with " + where);
                }
                // the broker hung up mid-handshake: Mosquitto does so after refusing a client certificate
                throw new SSLException("TLS handshake with " + where + " failed: the broker closed the connection "
                        + "during the handshake, as brokers do when they refuse the client certificate "
                        + "(or require one) [" + e.getMessage() + "]", e);
            }
        }
    }

    /**
     * Warns once per broker address and kind of check turned off in the JVM (a thousand clients
     * reconnecting say it once), then at DEBUG.
     */
    static void warnIfInsecure(TlsConfig tls, String where) {
        if (tls.verifyChain() && tls.verifyHostname()) {
            return;
        }
        if (!INSECURE_WARNED.add((tls.verifyChain() ? "host name " : "chain ") + where)) {
            log.debug("TLS verification is off for {}", where);
        } else if (!tls.verifyChain()) {
            log.warn("TLS verification is off for {} (insecureSkipVerify): any certificate is accepted, "
                    + "the broker's identity is not checked", where);
        } else if (!tls.verifyHostname()) {
            log.warn("TLS host name verification is off for {} (insecureSkipHostnameVerification): "
                    + "the broker's identity is not checked", where);
        }
    }

    static boolean isHostName(String host) {
        return !host.isEmpty() && !host.contains(":") && !host.matches("[0-9.]+");
    }
}
