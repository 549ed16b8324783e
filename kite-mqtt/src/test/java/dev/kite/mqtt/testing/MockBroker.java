package dev.kite.mqtt.testing;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.packet.Packet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted MQTT peer for what no real broker does: refusing a protocol version, never
 * answering a ping, sending malformed bytes. Each accepted connection runs the script on its own
 * thread; the script reads the client's packets and writes what it likes.
 */
public final class MockBroker implements AutoCloseable {
    /** What the peer does with one connection. */
    @FunctionalInterface
    public interface Script {
        void run(Peer peer) throws Exception;
    }

    private final ServerSocket server;
    private final ProtocolVersion version;
    private final Script script;
    private final Thread acceptor;
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
    private final List<Throwable> scriptErrors = new CopyOnWriteArrayList<>();

    /** Starts listening on a free loopback port; every connection runs {@code script}, in MQTT 3.1.1. */
    public MockBroker(Script script) {
        this(ProtocolVersion.MQTT_3_1_1, script);
    }

    /**
     * Starts listening on a free loopback port; every connection runs {@code script}, reading and
     * writing packets in the encoding of {@code version} (3.1 and 3.1.1 alike, or 5.0).
     */
    public MockBroker(ProtocolVersion version, Script script) {
        this.version = version;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.script = script;
        this.acceptor = new Thread(this::acceptLoop, "mock-broker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Peer p = new Peer(s, version);
                peers.add(p);
                accepted.add(p);
                Thread t = new Thread(() -> {
                    try {
                        script.run(p);
                    } catch (Exception | AssertionError e) {
                        if (!p.socket.isClosed()) {
                            scriptErrors.add(e);
                        }
                    }
                }, "mock-broker-peer");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Returns {@code tcp://127.0.0.1:PORT}. */
    public String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Returns how many connections were accepted so far. */
    public int connections() {
        return peers.size();
    }

    /** Waits for the next accepted connection. */
    public Peer nextPeer(long seconds) throws InterruptedException {
        Peer p = accepted.poll(seconds, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no connection within " + seconds + " s");
        }
        return p;
    }

    /** Returns errors thrown by scripts on connections that were still open. */
    public List<Throwable> scriptErrors() {
        return scriptErrors;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        peers.forEach(Peer::close);
    }

    /** One client connection seen from the peer. */
    public static final class Peer {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final ProtocolVersion version;
        private final FrameDecoder decoder;
        private final ArrayDeque<Packet> pending = new ArrayDeque<>();
        private final BlockingQueue<Packet> received = new LinkedBlockingQueue<>();

        Peer(Socket socket, ProtocolVersion version) throws IOException {
            this.socket = socket;
            this.version = version;
            this.decoder = new FrameDecoder(FrameDecoder.MAX_REMAINING_LENGTH, version);
            socket.setTcpNoDelay(true);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads the next packet from the client, waiting up to {@code seconds}; null on EOF. */
        public Packet read(long seconds) throws IOException {
            byte[] buf = new byte[8192];
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(seconds));
            while (pending.isEmpty()) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no packet from the client within " + seconds + " s");
                }
                if (n < 0) {
                    return null;
                }
                decoder.feed(buf, 0, n, pending::add);
            }
            Packet p = pending.poll();
            received.add(p);
            return p;
        }

        /** Reads the next packet within {@code millis}, or returns null if none came (or on EOF). */
        public Packet poll(long millis) throws IOException {
            if (pending.isEmpty()) {
                byte[] buf = new byte[8192];
                socket.setSoTimeout((int) Math.max(1, millis));
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        return null;
                    }
                    decoder.feed(buf, 0, n, pending::add);
                } catch (SocketTimeoutException e) {
                    return null;
                }
            }
            Packet p = pending.poll();
            if (p != null) {
                received.add(p);
            }
            return p;
        }

        /** Reads the next packet and checks its type. */
        public <P extends Packet> P expect(Class<P> type, long seconds) throws IOException {
            Packet p = read(seconds);
            if (!type.isInstance(p)) {
                throw new AssertionError("expected " + type.getSimpleName() + " but got " + p);
            }
            return type.cast(p);
        }

        /** Returns every packet read so far, as a queue tests can poll. */
        public BlockingQueue<Packet> received() {
            return received;
        }

        /** Sends packets. */
        public void send(Packet... packets) throws IOException {
            for (Packet p : packets) {
                Encoder.write(p, version, out);
            }
            out.flush();
        }

        /** Sends raw bytes. */
        public void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /**
         * Reads until the client closes, recording packets; returns on EOF or error, having closed
         * its side as a broker does once the client is done (after DISCONNECT).
         */
        public void drain() {
            try {
                while (read(3600) != null) {
                    // recorded in received()
                }
            } catch (IOException | RuntimeException e) {
                // the connection ended
            } finally {
                close();
            }
        }

        /** Closes the connection. */
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }

        /** Returns whether the socket is closed on this side. */
        public boolean isClosed() {
            return socket.isClosed();
        }
    }
}
