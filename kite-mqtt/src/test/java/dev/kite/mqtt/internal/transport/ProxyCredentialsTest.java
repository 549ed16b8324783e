package dev.kite.mqtt.internal.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.transport.ProxyConfig;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The proxy handshakes send the credentials and then clear the arrays that held them: a heap dump
 * taken after the connect must not find the password, encoded or not.
 */
class ProxyCredentialsTest {
    private static final String SECRET = "pr0xy-S3cret";

    /** Keeps every array written to it, by reference, and what it held at the time of the write. */
    private static final class KeepingStream extends OutputStream {
        final List<byte[]> arrays = new ArrayList<>();
        final List<byte[]> atWrite = new ArrayList<>();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            arrays.add(b);
            atWrite.add(Arrays.copyOfRange(b, off, off + len));
        }

        /** The arrays that held {@code needle} when written, as they are now. */
        List<byte[]> thatHeld(byte[] needle) {
            List<byte[]> found = new ArrayList<>();
            for (int i = 0; i < arrays.size(); i++) {
                if (indexOf(atWrite.get(i), needle) >= 0) {
                    found.add(arrays.get(i));
                }
            }
            return found;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theProxyAuthorizationLineIsClearedOnceWritten() throws Exception {
        ProxyConfig proxy = ProxyConfig.http("proxy", 3128).withCredentials("me", SECRET.toCharArray());
        KeepingStream out = new KeepingStream();
        HttpConnect.connect(new ByteArrayInputStream("HTTP/1.1 200 OK\r\n\r\n".getBytes(US_ASCII)), out, proxy,
                "broker", 1883);

        byte[] token = Base64.getEncoder().encode(("me:" + SECRET).getBytes(UTF_8));
        List<byte[]> sent = out.thatHeld(token);
        assertThat(sent).as("the credentials were sent").isNotEmpty();
        assertThat(sent).allSatisfy(a -> assertThat(indexOf(a, token)).as("cleared after the write").isNegative());
    }

    @Test
    void theSocks5AuthenticationMessageIsClearedOnceWritten() throws Exception {
        ProxyConfig proxy = ProxyConfig.socks5("proxy", 1080).withCredentials("me", SECRET.toCharArray());
        KeepingStream out = new KeepingStream();
        byte[] replies = {5, 2, /* RFC 1929 */ 1, 0, /* CONNECT */ 5, 0, 0, 1, 0, 0, 0, 0, 0, 0};
        Socks5.connect(new ByteArrayInputStream(replies), out, proxy, "127.0.0.1", 1883);

        byte[] password = SECRET.getBytes(UTF_8);
        List<byte[]> sent = out.thatHeld(password);
        assertThat(sent).as("the credentials were sent").isNotEmpty();
        assertThat(sent).allSatisfy(a -> assertThat(indexOf(a, password)).as("cleared after the write").isNegative());
    }
}
