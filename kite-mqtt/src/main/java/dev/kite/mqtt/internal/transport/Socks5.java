package dev.kite.mqtt.internal.transport;

import dev.kite.mqtt.transport.ProxyConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client side of a SOCKS5 {@code CONNECT} (RFC 1928) with optional user name and password
 * (RFC 1929), over a connected socket's streams. Hand-written because the JDK's SOCKS support
 * takes credentials only from the JVM-wide {@code Authenticator}. Messages never contain the
 * credentials.
 */
final class Socks5 {
    private static final int VERSION = 5;
    private static final int NO_AUTH = 0;
    private static final int USER_PASS = 2;
    private static final int NONE_ACCEPTABLE = 0xFF;

    private Socks5() {
    }

    static void connect(InputStream rawIn, OutputStream out, ProxyConfig proxy, String host, int port)
            throws IOException {
        DataInputStream in = new DataInputStream(rawIn);
        boolean creds = proxy.username() != null;
        out.write(creds ? new byte[] {VERSION, 2, NO_AUTH, USER_PASS} : new byte[] {VERSION, 1, NO_AUTH});
        out.flush();
        int version = readByte(in);
        int method = readByte(in);
        if (version != VERSION) {
            throw new IOException("SOCKS5 proxy " + where(proxy) + " answered with version " + version
                    + " (is it a SOCKS5 proxy?)");
        }
        if (method == NONE_ACCEPTABLE) {
            throw new IOException("SOCKS5 proxy " + where(proxy) + " accepts none of the offered methods ("
                    + (creds ? "no authentication, username/password" : "no authentication: it may require credentials")
                    + ")");
        }
        if (method == USER_PASS) {
            if (!creds) {
                throw new IOException("SOCKS5 proxy " + where(proxy) + " chose username/password, none was given");
            }
            authenticate(in, out, proxy);
        } else if (method != NO_AUTH) {
            throw new IOException("SOCKS5 proxy " + where(proxy) + " chose unsupported method " + method);
        }
        out.write(request(proxy, host, port));
        out.flush();
        int v = readByte(in);
        int reply = readByte(in);
        readByte(in);
        int atyp = readByte(in);
        if (v != VERSION) {
            throw new IOException("SOCKS5 proxy " + where(proxy) + " sent a malformed reply");
        }
        if (reply != 0) {
            throw new IOException("SOCKS5 proxy " + where(proxy) + " could not connect to " + host + ":" + port
                    + ": " + replyText(reply) + " (" + reply + ")");
        }
        int skip = switch (atyp) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> readByte(in);
            default -> throw new IOException("SOCKS5 proxy " + where(proxy) + " sent address type " + atyp);
        };
        in.readFully(new byte[skip + 2]);
    }

    private static void authenticate(DataInputStream in, OutputStream out, ProxyConfig proxy) throws IOException {
        byte[] user = proxy.username().getBytes(StandardCharsets.UTF_8);
        char[] passChars = proxy.password();
        byte[] pass = Secrets.utf8(passChars);
        Arrays.fill(passChars, '\0');
        if (user.length > 255 || pass.length > 255) {
            Arrays.fill(pass, (byte) 0);
            throw new IOException("SOCKS5 user name and password must be at most 255 bytes each");
        }
        // RFC 1929: VER ULEN UNAME PLEN PASSWD, in an array of its own to clear once written
        byte[] msg = new byte[3 + user.length + pass.length];
        msg[0] = 1;
        msg[1] = (byte) user.length;
        System.arraycopy(user, 0, msg, 2, user.length);
        msg[2 + user.length] = (byte) pass.length;
        System.arraycopy(pass, 0, msg, 3 + user.length, pass.length);
        Arrays.fill(pass, (byte) 0);
        try {
            out.write(msg);
            out.flush();
        } finally {
            Arrays.fill(msg, (byte) 0);
        }
        readByte(in);
        int status = readByte(in);
        if (status != 0) {
            throw new IOException("SOCKS5 proxy " + where(proxy) + " rejected the user name or password");
        }
    }

    private static byte[] request(ProxyConfig proxy, String host, int port) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.write(new byte[] {VERSION, 1, 0});
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (proxy.remoteDns() && !isLiteral(h)) {
            byte[] name = h.getBytes(StandardCharsets.US_ASCII);
            if (name.length > 255) {
                throw new IOException("host name longer than 255 bytes: " + h);
            }
            req.write(3);
            req.write(name.length);
            req.write(name);
        } else {
            byte[] addr = InetAddress.getByName(h).getAddress();
            req.write(addr.length == 4 ? 1 : 4);
            req.write(addr);
        }
        req.write(port >> 8);
        req.write(port & 0xFF);
        return req.toByteArray();
    }

    private static boolean isLiteral(String h) {
        return h.contains(":") || h.matches("[0-9.]+");
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the SOCKS5 proxy closed the connection during the handshake");
        }
        return b;
    }

    private static String where(ProxyConfig p) {
        return p.host() + ":" + p.port();
    }

    private static String replyText(int code) {
        return switch (code) {
            case 1 -> "general failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "unknown error";
        };
    }
}
