package dev.kite.mqtt.internal.transport;

import dev.kite.mqtt.transport.ProxyConfig;
import dev.kite.mqtt.transport.TlsConfig;
import dev.kite.mqtt.transport.WebsocketOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Opens {@code ws} and {@code wss} links with the JDK's {@code java.net.http.WebSocket}, which
 * carries MQTT as paho.mqtt.golang does: binary messages, the {@code mqtt} subprotocol, the
 * user's headers, a TLS context and an HTTP proxy on the client. No framing is hand-written.
 */
final class WebSockets {
    private WebSockets() {
    }

    static Link open(URI broker, Dial dial, TlsConfig tls, Deadline deadline, String where) throws IOException {
        boolean secure = broker.getScheme().equalsIgnoreCase("wss");
        WebsocketOptions opts = dial.websocket();
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(deadline.remaining());
        if (secure) {
            if (tls.verifyChain() && !tls.verifyHostname()) {
                throw new IOException("wss to " + where + ": insecureSkipHostnameVerification is not available for wss "
                        + "(the JDK's HTTP client always checks the host); use TlsConfig.builder().insecureSkipVerify()");
            }
            Tls.warnIfInsecure(tls, where);
            hb.sslContext(tls.context())
                    .sslParameters(new SSLParameters(null, tls.protocols().toArray(new String[0])));
        }
        ProxyConfig proxy = opts.proxy();
        if (proxy.type() == ProxyConfig.Type.HTTP && proxy.appliesTo(broker.getHost())) {
            hb.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
        }
        HttpClient client = hb.build();
        WebSocketLink link = new WebSocketLink(where, opts.effectiveReadBufferSize(), opts.effectiveWriteBufferSize());
        WebSocket.Builder wb = client.newWebSocketBuilder()
                .subprotocols("mqtt")
                .connectTimeout(deadline.remaining());
        for (Map.Entry<String, List<String>> h : dial.httpHeaders().entrySet()) {
            for (String v : h.getValue()) {
                checkValue(h.getKey(), v, where);
                try {
                    wb.header(h.getKey(), v);
                } catch (IllegalArgumentException e) {
                    // neither the JDK's message nor the exception: they may quote the value
                    throw new IOException("HTTP header '" + h.getKey() + "' cannot be set on a WebSocket upgrade to "
                            + where + " (the value is not repeated here: it may be a credential)");
                }
            }
        }
        CompletableFuture<WebSocket> f = wb.buildAsync(target(broker), link);
        try {
            f.get(deadline.remainingMillis("WebSocket upgrade with " + where), TimeUnit.MILLISECONDS);
            return link;
        } catch (TimeoutException e) {
            f.cancel(true);
            f.thenAccept(WebSocket::abort);
            throw deadline.timeout("WebSocket upgrade with " + where);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.thenAccept(WebSocket::abort);
            throw new IOException("interrupted opening " + where, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), broker, where, dial.httpHeaders().keySet());
        }
    }

    /**
     * RFC 9110 section 5.5: a field value is visible characters, spaces and tabs (and obs-text up
     * to U+00FF); a CR, LF or NUL would split or end the request. Named, never repeated.
     */
    private static void checkValue(String name, String value, String where) throws IOException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c == 0x7F || c > 0xFF)) {
                throw new IOException("HTTP header '" + name + "' for " + where + ": its value has U+"
                        + String.format("%04X", (int) c) + " at index " + i
                        + ", which HTTP does not allow in a header (RFC 9110 section 5.5); the value is not repeated here");
            }
        }
    }

    private static IOException failure(Throwable cause, URI broker, String where, java.util.Set<String> headers) {
        if (cause instanceof IllegalArgumentException && !headers.isEmpty()) {
            // the JDK refuses restricted or malformed headers here; its message may quote a value
            return new IOException("WebSocket upgrade with " + where + " refused by the JDK's HTTP client: one of the"
                    + " HTTP headers " + headers + " has a restricted or invalid name or value (values are not repeated"
                    + " here: they may be credentials)");
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException h) {
                return new IOException("WebSocket upgrade with " + where + " refused: HTTP "
                        + h.getResponse().statusCode(), cause);
            }
            if (t instanceof SSLException ssl) {
                return new SSLException("TLS handshake with " + where + " failed: "
                        + TlsErrors.explain(ssl, broker.getHost()), ssl);
            }
        }
        return new IOException("WebSocket connection to " + where + " failed: " + cause, cause);
    }

    /** The URI to open: the broker's, without user information; an empty path is {@code /}. */
    private static URI target(URI broker) throws IOException {
        String path = broker.getRawPath() == null || broker.getRawPath().isEmpty() ? "/" : broker.getRawPath();
        String query = broker.getRawQuery() == null ? "" : "?" + broker.getRawQuery();
        String host = broker.getHost().contains(":") ? "[" + broker.getHost() + "]" : broker.getHost();
        try {
            return new URI(broker.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + host + ":"
                    + broker.getPort() + path + query);
        } catch (URISyntaxException e) {
            throw new IOException("WebSocket URI of " + where(broker) + " does not parse: " + e.getMessage(), e);
        }
    }

    private static String where(URI broker) {
        return Transports.display(broker);
    }
}
