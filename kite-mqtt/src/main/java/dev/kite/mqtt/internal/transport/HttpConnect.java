package dev.kite.mqtt.internal.transport;

import dev.kite.mqtt.transport.ProxyConfig;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The client side of an HTTP {@code CONNECT} tunnel (RFC 9110 section 9.3.6) with optional basic
 * credentials. The response is read byte by byte so that no byte of the tunnel is consumed.
 * Messages never contain the credentials.
 */
final class HttpConnect {
    private static final int MAX_RESPONSE = 16 * 1024;

    private HttpConnect() {
    }

    static void connect(InputStream in, OutputStream out, ProxyConfig proxy, String host, int port)
            throws IOException {
        String authority = (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        StringBuilder req = new StringBuilder()
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        byte[] head = req.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(head);
        if (proxy.username() != null) {
            byte[] authorization = basic(proxy);
            try {
                out.write(authorization);
            } finally {
                Arrays.fill(authorization, (byte) 0);
            }
        }
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readHead(in, proxy);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("HTTP proxy " + where(proxy) + " sent a malformed status line");
        }
        if (!parts[1].equals("200")) {
            String reason = parts.length > 2 ? " " + parts[2] : "";
            // 407 is the standard answer; tinyproxy answers wrong credentials with 401
            String hint = parts[1].equals("407") || parts[1].equals("401")
                    ? (proxy.username() == null ? ": the proxy requires credentials" : ": the credentials were refused")
                    : "";
            throw new IOException("HTTP proxy " + where(proxy) + " refused CONNECT to " + authority + ": "
                    + parts[1] + reason + hint);
        }
    }

    /** Returns {@code Proxy-Authorization: Basic ...\r\n}, clearing the intermediate copies; the caller clears it. */
    private static byte[] basic(ProxyConfig proxy) {
        char[] pass = proxy.password();
        String user = proxy.username();
        char[] userPass = new char[user.length() + 1 + pass.length];
        user.getChars(0, user.length(), userPass, 0);
        userPass[user.length()] = ':';
        System.arraycopy(pass, 0, userPass, user.length() + 1, pass.length);
        byte[] raw = Secrets.utf8(userPass);
        byte[] token = Base64.getEncoder().encode(raw);
        Arrays.fill(pass, '\0');
        Arrays.fill(userPass, '\0');
        Arrays.fill(raw, (byte) 0);
        byte[] prefix = "Proxy-Authorization: Basic ".getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[prefix.length + token.length + 2];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(token, 0, line, prefix.length, token.length);
        line[line.length - 2] = '\r';
        line[line.length - 1] = '\n';
        Arrays.fill(token, (byte) 0);
        return line;
    }

    /** Reads the response head up to the blank line; returns its status line. */
    private static String readHead(InputStream in, ProxyConfig proxy) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("HTTP proxy " + where(proxy) + " closed the connection before answering CONNECT");
            }
            head.write(b);
            if (head.size() > MAX_RESPONSE) {
                throw new IOException("HTTP proxy " + where(proxy) + " sent a response head over " + MAX_RESPONSE + " bytes");
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        return text.substring(0, eol);
    }

    private static String where(ProxyConfig p) {
        return p.host() + ":" + p.port();
    }
}
