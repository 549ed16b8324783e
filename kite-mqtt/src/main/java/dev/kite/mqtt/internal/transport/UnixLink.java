package dev.kite.mqtt.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A {@link Link} over a Unix domain socket ({@code unix:///path}), JDK 16+.
 *
 * <p>The streams call the channel directly. {@code Channels.newInputStream} and
 * {@code newOutputStream} are not used: both lock the channel's blocking lock for the whole call,
 * so a reader blocked in {@code read} would stop the writer. {@code SocketChannel} itself has
 * separate read and write locks.
 */
final class UnixLink {
    private final SocketChannel channel;

    private UnixLink(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects; a local connect either succeeds or fails at once, so no timeout applies. */
    static Link open(Path path, String description) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
            UnixLink u = new UnixLink(ch);
            return new StreamLink(ch, description, u.new In(), u.new Out());
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot connect to " + description + ": " + e, e);
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            return channel.read(ByteBuffer.wrap(b, off, len));
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }
}
