package dev.kite.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reference: a minimal client on a plain socket. It encodes PUBLISH into a 64 KiB buffer and
 * writes it when full (or on {@link Client#flush}), reads in 256 KiB chunks on one thread, and
 * answers every packet of one read in one write. No validation, no store, no tokens.
 */
final class RawLib implements Lib {
    @Override
    public String name() {
        return "raw socket";
    }

    /** The raw client has no completions: it batches until a buffer fills or a flush. */
    @Override
    public boolean callbacks() {
        return false;
    }

    @Override
    public Client connect(String uri, String clientId, int window) throws IOException, InterruptedException {
        return new RawClient(URI.create(uri), clientId, window);
    }

    private static final class RawClient implements Client {
        private final Socket socket;
        private final OutputStream out;
        private final ReentrantLock writeLock = new ReentrantLock();
        private final ReentrantLock windowLock = new ReentrantLock();
        private final Condition room = windowLock.newCondition();
        private final int window;
        private final CountDownLatch connack = new CountDownLatch(1);
        private volatile CountDownLatch suback;
        private volatile Receiver receiver;
        /** Allocated on the first publish: an idle connection (the connections scenario) holds no buffer. */
        private byte[] batch;
        private int batchLen;
        private int inflight; // guarded by windowLock
        private int nextId = 1;
        private byte[] lastTopic;
        private String lastTopicString;
        private volatile boolean closed;

        RawClient(URI uri, String clientId, int window) throws IOException, InterruptedException {
            this.window = window;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 30_000);
            out = socket.getOutputStream();
            Thread reader = new Thread(this::readLoop, "raw-reader-" + clientId);
            reader.setDaemon(true);
            reader.start();
            write(Wire.connect(clientId, true), 0, -1);
            if (!connack.await(30, TimeUnit.SECONDS)) {
                close();
                throw new IOException("no CONNACK");
            }
        }

        private void write(byte[] b, int off, int len) throws IOException {
            writeLock.lock();
            try {
                out.write(b, off, len < 0 ? b.length : len);
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        public void subscribe(String filter, int qos, Receiver r) throws Exception {
            receiver = r;
            suback = new CountDownLatch(1);
            write(Wire.subscribe(1, filter, qos), 0, -1);
            if (!suback.await(10, TimeUnit.SECONDS)) {
                throw new IOException("no SUBACK");
            }
        }

        @Override
        public void publish(String topic, byte[] payload, int qos) throws Exception {
            if (!topic.equals(lastTopicString)) {
                lastTopicString = topic;
                lastTopic = topic.getBytes(StandardCharsets.UTF_8);
            }
            int id = 0;
            if (qos > 0) {
                windowLock.lock();
                try {
                    while (inflight >= window) {
                        flush();
                        if (!room.await(30, TimeUnit.SECONDS)) {
                            throw new IOException("window stuck");
                        }
                    }
                    inflight++;
                } finally {
                    windowLock.unlock();
                }
                id = nextId;
                nextId = nextId == 65535 ? 1 : nextId + 1;
            }
            if (batch == null) {
                batch = new byte[64 * 1024];
            }
            int len = Wire.publishLength(lastTopic, payload.length, qos);
            if (len > batch.length - batchLen) {
                flush();
            }
            if (len > batch.length) {
                byte[] one = new byte[len];
                Wire.publish(one, 0, lastTopic, payload, qos, id);
                write(one, 0, len);
                return;
            }
            batchLen = Wire.publish(batch, batchLen, lastTopic, payload, qos, id);
        }

        @Override
        public void flush() throws IOException {
            if (batchLen > 0) {
                write(batch, 0, batchLen);
                batchLen = 0;
            }
        }

        private void readLoop() {
            // small until a read fills it: 10,000 idle connections must not hold 512 KiB each
            byte[][] bufs = {new byte[4096], new byte[4096 * 4 + 64]};
            int[] replyLen = new int[1];
            int[] done = new int[1];
            Wire.Parser parser = new Wire.Parser();
            Wire.Frames frames = (first, b, off, len) -> {
                switch (first >>> 4) {
                    case 2 -> connack.countDown();
                    case 3 -> {
                        int qos = (first >> 1) & 3;
                        int topicLen = (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
                        int start = off + 2 + topicLen;
                        if (qos > 0) {
                            int id = (b[start] & 0xFF) << 8 | (b[start + 1] & 0xFF);
                            replyLen[0] = Wire.ack(bufs[1], replyLen[0], qos == 1 ? 0x40 : 0x50, id);
                            start += 2;
                        }
                        Receiver r = receiver;
                        if (r != null) {
                            r.message(b, start, off + len - start);
                        }
                    }
                    case 4, 7 -> done[0]++;
                    case 5 -> replyLen[0] = Wire.ack(bufs[1], replyLen[0], 0x62, (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF));
                    case 6 -> replyLen[0] = Wire.ack(bufs[1], replyLen[0], 0x70, (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF));
                    case 9 -> {
                        CountDownLatch l = suback;
                        if (l != null) {
                            l.countDown();
                        }
                    }
                    default -> {
                    }
                }
            };
            try {
                InputStream in = socket.getInputStream();
                while (!closed) {
                    byte[] buf = bufs[0];
                    int n = in.read(buf);
                    if (n < 0) {
                        return;
                    }
                    replyLen[0] = 0;
                    done[0] = 0;
                    parser.feed(buf, 0, n, frames);
                    if (replyLen[0] > 0) {
                        write(bufs[1], 0, replyLen[0]);
                    }
                    if (n == buf.length && buf.length < 256 * 1024) {
                        bufs[0] = new byte[256 * 1024];
                        bufs[1] = new byte[256 * 1024 * 4 + 64];
                    }
                    if (done[0] > 0) {
                        windowLock.lock();
                        try {
                            inflight -= done[0];
                            room.signal();
                        } finally {
                            windowLock.unlock();
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() {
            closed = true;
            try {
                flush();
                write(new byte[] {(byte) 0xE0, 0}, 0, 2);
            } catch (IOException e) {
                // closing anyway
            }
            try {
                socket.close();
            } catch (IOException e) {
                // closed
            }
        }
    }
}
