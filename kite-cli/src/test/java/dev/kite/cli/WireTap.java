package dev.kite.cli;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP relay between a client and a broker that keeps what the client sent, so two
 * clients' packets can be compared byte for byte. Relays connections one after another as they
 * come; {@link #packets} waits until every client has closed its side.
 */
final class WireTap implements AutoCloseable {
    private final ServerSocket server;
    private final int brokerPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** One relayed connection: the two sockets and the client's bytes. */
    private static final class Link {
        final Socket client;
        final Socket broker;
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final AtomicBoolean clientDone = new AtomicBoolean();

        Link(Socket client, Socket broker) {
            this.client = client;
            this.broker = broker;
        }
    }

    WireTap(int brokerPort) {
        this.brokerPort = brokerPort;
        try {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::accept, "wire-tap-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        try {
            while (!server.isClosed()) {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                Link link = new Link(client, broker);
                links.add(link);
                pump(client.getInputStream(), broker.getOutputStream(), link.sent, link.clientDone, broker);
                pump(broker.getInputStream(), client.getOutputStream(), null, new AtomicBoolean(), client);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void pump(InputStream in, OutputStream out, ByteArrayOutputStream record, AtomicBoolean done,
                             Socket other) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (record != null) {
                        synchronized (record) {
                            record.write(buf, 0, n);
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                done.set(true);
                try {
                    other.shutdownOutput();
                } catch (IOException e) {
                    // already closed
                }
            }
        }, "wire-tap-pump");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The packets clients sent whose type (the high nibble of the first byte) is one of
     * {@code types}, whole (fixed header included), in the order sent; waits up to 10 s for every
     * client to close its side first.
     */
    List<byte[]> packets(int... types) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> links.stream().allMatch(l -> l.clientDone.get()));
        List<byte[]> out = new ArrayList<>();
        for (Link l : links) {
            byte[] b;
            synchronized (l.sent) {
                b = l.sent.toByteArray();
            }
            int i = 0;
            while (i < b.length) {
                int start = i++;
                int length = 0;
                int shift = 0;
                int digit;
                do {
                    digit = b[i++] & 0xFF;
                    length |= (digit & 0x7F) << shift;
                    shift += 7;
                } while ((digit & 0x80) != 0);
                i += length;
                int type = (b[start] & 0xFF) >> 4;
                if (Arrays.stream(types).anyMatch(t -> t == type)) {
                    out.add(Arrays.copyOfRange(b, start, i));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Link l : links) {
                l.client.close();
                l.broker.close();
            }
            acceptor.join(5000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
