package dev.kite.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process peer that plays broker as cheaply as it can: one thread per connection reads in
 * 256 KiB chunks, answers CONNECT, SUBSCRIBE, PINGREQ and every QoS 1/2 step, all answers of one
 * read in one write, and counts the PUBLISH packets. It measures a client alone.
 */
final class SinkPeer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    final AtomicLong publishes = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();
    private volatile boolean closed;

    SinkPeer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        acceptor = new Thread(this::accept, "sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    /** CPU time the peer's connection threads have used so far (finished ones included). */
    long cpuNanos() {
        return cpuNanos.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "sink-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpuSeen = 0;
        try (s) {
            s.setTcpNoDelay(true);
            s.setReceiveBufferSize(1 << 20);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[256 * 1024];
            byte[] reply = new byte[256 * 1024];
            int[] replyLen = new int[1];
            long[] count = new long[1];
            boolean[] v5 = new boolean[1]; // the CONNECT's protocol level was 5: CONNACK and SUBACK carry properties
            Wire.Parser parser = new Wire.Parser();
            Wire.Frames frames = (first, b, off, len) -> {
                int type = first >>> 4;
                int n = replyLen[0];
                if (n + 8 > reply.length) {
                    return;
                }
                switch (type) {
                    case 1 -> { // CONNECT -> CONNACK (level after the 6 bytes of "MQTT"), at 5.0 with no properties
                        v5[0] = len > 6 && b[off + 6] == 5;
                        reply[n] = 0x20;
                        reply[n + 1] = (byte) (v5[0] ? 3 : 2);
                        reply[n + 2] = 0;
                        reply[n + 3] = 0;
                        reply[n + 4] = 0;
                        replyLen[0] = n + (v5[0] ? 5 : 4);
                    }
                    case 3 -> {
                        count[0]++;
                        int qos = (first >> 1) & 3;
                        if (qos > 0) {
                            int topicLen = (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
                            int id = (b[off + 2 + topicLen] & 0xFF) << 8 | (b[off + 3 + topicLen] & 0xFF);
                            replyLen[0] = Wire.ack(reply, n, qos == 1 ? 0x40 : 0x50, id);
                        }
                    }
                    case 6 -> replyLen[0] = Wire.ack(reply, n, 0x70, (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF));
                    case 8 -> { // SUBSCRIBE -> SUBACK granting QoS 0 per filter (enough for benchmarks)
                        int props = v5[0] ? 1 : 0;
                        reply[n] = (byte) 0x90;
                        reply[n + 1] = (byte) (3 + props);
                        reply[n + 2] = b[off];
                        reply[n + 3] = b[off + 1];
                        reply[n + 4] = 0; // at 5.0 the properties length, then the code
                        reply[n + 4 + props] = 0;
                        replyLen[0] = n + 5 + props;
                    }
                    case 12 -> {
                        reply[n] = (byte) 0xD0;
                        reply[n + 1] = 0;
                        replyLen[0] = n + 2;
                    }
                    default -> {
                    }
                }
            };
            while (!closed) {
                int r = in.read(buf);
                if (r < 0) {
                    break;
                }
                replyLen[0] = 0;
                count[0] = 0;
                parser.feed(buf, 0, r, frames);
                if (count[0] > 0) {
                    publishes.addAndGet(count[0]);
                }
                if (replyLen[0] > 0) {
                    out.write(reply, 0, replyLen[0]);
                }
                long cpu = mx.getCurrentThreadCpuTime();
                cpuNanos.addAndGet(cpu - cpuSeen);
                cpuSeen = cpu;
            }
        } catch (IOException e) {
            // the client went away
        }
        long cpu = mx.getCurrentThreadCpuTime();
        cpuNanos.addAndGet(cpu - cpuSeen);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
    }
}
