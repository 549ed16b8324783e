package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.codec.WriteBuffer;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.session.Completion;
import dev.kite.mqtt.internal.transport.Link;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network connection after its CONNACK: a reader thread that decodes and hands packets to
 * the client, a writer thread that drains the outbound queue into a buffered stream and flushes
 * when the queue is empty, and the keepalive timer. Connection-scoped: it dies with the socket.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /**
     * I/O buffers start small and double, up to 64 KiB, while traffic fills them: an idle
     * connection holds 2 KiB of buffers, a busy one reads and writes in large chunks.
     */
    private static final int FIRST_BUFFER = 1024;
    private static final int MAX_BUFFER = 64 * 1024;
    private static final int QUEUE_CAPACITY = 8192;
    /**
     * How long the connection must have sent nothing before an application thread writes a
     * packet itself (see {@link #sendDirect}): a lone message goes out at once, while a stream
     * of them is left to the writer, which sends many in one write.
     */
    private static final long DIRECT_AFTER_IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /** What a connection reports to its client. Called on the reader, writer or scheduler thread. */
    interface Listener {
        void onPacket(Connection connection, Packet packet);

        void onLost(Connection connection, Throwable cause);

        void onWritten(int packets);

        /** Called on the reader thread after the packets of one read were handled. */
        void onReadDone();
    }

    /**
     * A packet to write, and what to complete once it is written (QoS 0 publishes), or null. The
     * queue tells entries apart by identity, so two equal acknowledgements are two entries.
     */
    private record Outgoing(Packet packet, Completion onWritten) {
    }

    private final Listener listener;
    private final Link link;
    private final FrameDecoder decoder;
    private final List<Packet> early;
    private final Handoff<Outgoing> queue = new Handoff<>(QUEUE_CAPACITY);
    /** Held while packets are written: by the writer, or by an application thread writing directly. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guarded by {@link #writeLock}. */
    private final WriteBuffer out;
    private final Consumer<Packet> outbox = p -> send(p, null);
    private final Consumer<Packet> quietOutbox = p -> send(p, null, false);
    private final AtomicBoolean failed = new AtomicBoolean();
    private final long keepAliveNanos;
    private final long pingTimeoutNanos;
    private final long writeTimeoutNanos;
    private final String name;
    private final PacketListener packets;
    private volatile long lastSent = System.nanoTime();
    private volatile long lastReceived = System.nanoTime();
    private volatile long pingSentAt;
    /** When the writer began its current write, or 0 while it waits for packets. */
    private volatile long writeStartedAt;
    private volatile boolean pingOutstanding;
    private volatile boolean closing;
    private volatile boolean disconnectWritten;
    private Thread reader;
    private Thread writer;
    private ScheduledFuture<?> timer;

    Connection(Listener listener, Link link, FrameDecoder decoder, List<Packet> early, Duration keepAlive,
               Duration pingTimeout, Duration writeTimeout, String name, PacketListener packets) {
        this.listener = listener;
        this.link = link;
        this.decoder = decoder;
        this.early = early;
        this.keepAliveNanos = keepAlive.toNanos();
        this.pingTimeoutNanos = pingTimeout.toNanos();
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.name = name;
        this.packets = packets;
        this.out = new WriteBuffer(link.output(), FIRST_BUFFER, MAX_BUFFER);
    }

    /** Starts the reader, the writer and the timer that checks keepalive and the write timeout. */
    void start() {
        writer = Threads.start("kite-writer-" + name, this::writeLoop);
        reader = Threads.start("kite-reader-" + name, this::readLoop);
        long period = Long.MAX_VALUE;
        if (keepAliveNanos > 0) {
            period = Math.min(keepAliveNanos, pingTimeoutNanos) / 4;
        }
        if (writeTimeoutNanos > 0) {
            period = Math.min(period, writeTimeoutNanos / 4);
        }
        if (period != Long.MAX_VALUE) {
            period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), period);
            timer = Threads.SCHEDULER.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Queues a packet for the writer, waiting while the queue is full.
     *
     * @param onWritten completed once the packet is written, or null
     * @return false if the connection is closed: the packet will not be sent
     */
    boolean send(Packet packet, Completion onWritten) {
        return send(packet, onWritten, true);
    }

    /**
     * Queues a packet for the writer, waking it only if {@code wake}; otherwise the caller
     * {@link #wakeWriter wakes} it soon, once for several packets.
     */
    private boolean send(Packet packet, Completion onWritten, boolean wake) {
        try {
            return queue.put(new Outgoing(packet, onWritten), wake);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Returns a consumer that {@link #send sends} each packet without a completion. */
    Consumer<Packet> outbox() {
        return outbox;
    }

    /**
     * Returns a consumer that queues each packet without a completion and without waking the
     * writer: the caller wakes it after a burst of them ({@link #wakeWriter}; the reader wakes it
     * at the end of each read).
     */
    Consumer<Packet> quietOutbox() {
        return quietOutbox;
    }

    /** Wakes the writer for packets queued through {@link #quietOutbox}. */
    void wakeWriter() {
        queue.wake();
    }

    /** Returns how many packets wait for the writer. */
    int queued() {
        return queue.held();
    }

    private void readLoop() {
        try {
            try {
                for (Packet p : early) {
                    received(p);
                }
            } finally {
                readDone();
            }
            InputStream in = link.input();
            byte[] buf = new byte[FIRST_BUFFER];
            while (!failed.get()) {
                int n = in.read(buf);
                if (n < 0) {
                    fail(new MqttConnectionException("connection closed by the broker (" + link.describe() + ")"));
                    return;
                }
                try {
                    decoder.feed(buf, 0, n, this::received);
                } finally {
                    readDone();
                }
                if (n == buf.length && buf.length < MAX_BUFFER) {
                    // the read filled the buffer: more is waiting, read bigger chunks from now on
                    buf = new byte[buf.length * 2];
                }
            }
        } catch (IOException e) {
            fail(new MqttConnectionException("connection to " + link.describe() + " lost: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Ends the handling of one read: wakes the writer and the handlers once for all its packets. */
    private void readDone() {
        queue.wake();
        listener.onReadDone();
    }

    private void received(Packet p) {
        if (log.isTraceEnabled()) {
            log.trace("{} <- {}", name, p);
        }
        // Progress is a whole packet, not a byte: a broker trickling one huge packet must not
        // keep the keepalive quiet, so it ends by ping timeout (keepalive + ping timeout at most).
        lastReceived = System.nanoTime();
        PacketDescriptions.report(packets, PacketListener.Direction.RECEIVED, p);
        if (p.type() == Packet.Type.PINGRESP) {
            pingOutstanding = false;
        }
        listener.onPacket(this, p);
    }

    private void writeLoop() {
        List<Outgoing> batch = new ArrayList<>();
        try {
            while (queue.await()) {
                boolean disconnect;
                writeLock.lock();
                try {
                    // drained under the lock: a direct write cannot overtake what was queued before it
                    queue.release(queue.drainTo(batch));
                    disconnect = writeAll(batch);
                } finally {
                    writeLock.unlock();
                }
                batch.clear();
                if (disconnect) {
                    disconnectWritten = true;
                    return;
                }
            }
        } catch (IOException e) {
            fail(new MqttConnectionException("write to " + link.describe() + " failed: " + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            for (Outgoing item : batch) {
                failWrite(item);
            }
        }
    }

    /**
     * Sends a packet from an application thread. When nothing was sent for a while and the writer
     * is idle, the packet is written and flushed on the calling thread, which saves a lone
     * message the hand-over to the writer; otherwise, and always on a handler thread or an
     * interrupted one, it is queued as by {@link #send}. Never called under the client's lock:
     * the write may block.
     *
     * @param onWritten completed once the packet is written, or null
     * @return false if the connection is closed: the packet will not be sent
     */
    boolean sendDirect(Packet packet, Completion onWritten) {
        // a handler blocked in a write would stall delivery, and an interrupted virtual thread
        // blocked in a socket write would close the socket: both queue instead
        if (System.nanoTime() - lastSent > DIRECT_AFTER_IDLE_NANOS && !closing && !failed.get()
                && !Dispatcher.onHandlerThread() && !Thread.currentThread().isInterrupted()
                && writeLock.tryLock()) {
            try {
                if (queue.isEmpty() && !queue.isClosed()) {
                    writeDirect(new Outgoing(packet, onWritten));
                    return true;
                }
            } finally {
                writeLock.unlock();
            }
        }
        return send(packet, onWritten);
    }

    private void writeDirect(Outgoing item) {
        try {
            writeAll(List.of(item));
        } catch (IOException e) {
            fail(new MqttConnectionException("write to " + link.describe() + " failed: " + e.getMessage(), e));
            failWrite(item);
        } catch (RuntimeException e) {
            fail(e);
            failWrite(item);
        }
    }

    /**
     * Writes and flushes packets, then completes what waits for them; returns whether one was a
     * DISCONNECT. Called holding the write lock.
     */
    private boolean writeAll(List<Outgoing> batch) throws IOException {
        writeStartedAt = System.nanoTime() | 1;
        boolean disconnect = false;
        for (Outgoing item : batch) {
            if (log.isTraceEnabled()) {
                log.trace("{} -> {} ({} bytes)", name, item.packet(), Encoder.encodedLength(item.packet()));
            }
            Encoder.write(item.packet(), out);
            PacketDescriptions.report(packets, PacketListener.Direction.SENT, item.packet());
            disconnect |= item.packet() instanceof Disconnect;
        }
        out.flush();
        writeStartedAt = 0;
        lastSent = System.nanoTime();
        listener.onWritten(batch.size());
        for (Outgoing item : batch) {
            if (item.onWritten() != null) {
                item.onWritten().complete(null);
            }
        }
        return disconnect;
    }

    private void tick() {
        long started = writeStartedAt;
        if (writeTimeoutNanos > 0 && started != 0 && System.nanoTime() - started >= writeTimeoutNanos) {
            fail(new MqttConnectionException("write to " + link.describe() + " did not complete within "
                    + TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos) + " ms"));
            return;
        }
        if (keepAliveNanos > 0) {
            checkKeepAlive();
        }
    }

    private void checkKeepAlive() {
        long now = System.nanoTime();
        if (pingOutstanding) {
            if (now - pingSentAt >= pingTimeoutNanos) {
                fail(new MqttConnectionException("no PINGRESP from " + link.describe() + " within "
                        + TimeUnit.NANOSECONDS.toMillis(pingTimeoutNanos) + " ms: the connection is lost"));
            }
            return;
        }
        if (now - lastSent >= keepAliveNanos || now - lastReceived >= keepAliveNanos) {
            pingOutstanding = true;
            pingSentAt = now;
            if (!queue.putNow(new Outgoing(Pingreq.INSTANCE, null))) {
                pingOutstanding = false;
            }
        }
    }

    /**
     * Fails the connection once: closes the socket, stops the threads and reports the cause.
     * Packets still queued have their completions failed.
     */
    void fail(Throwable cause) {
        if (!failed.compareAndSet(false, true)) {
            return;
        }
        if (closing) {
            log.debug("{}: closed ({})", name, cause.getMessage());
        } else {
            log.debug("{}: connection lost", name, cause);
        }
        stopTimers();
        link.close();
        for (Outgoing item : queue.closeAndDrain()) {
            failWrite(item);
        }
        if (!closing) {
            listener.onLost(this, cause);
        }
    }

    private void failWrite(Outgoing item) {
        if (item.onWritten() != null) {
            item.onWritten().fail(new MqttConnectionException("connection lost before the packet was written"));
        }
    }

    private void stopTimers() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /**
     * Closes on purpose: sends DISCONNECT after what is queued, waits up to {@code wait} for the
     * writer, then (DISCONNECT written) up to {@code wait} more for the broker to close its side,
     * then closes the socket and waits for both threads.
     */
    void close(boolean sendDisconnect, Duration wait) {
        closing = true;
        if (sendDisconnect && !failed.get()) {
            send(Disconnect.INSTANCE, null);
        }
        queue.close();
        join(writer, wait);
        if (disconnectWritten && !failed.get()) {
            // Closing a socket that still holds unread bytes (PUBLISHes the broker sent meanwhile)
            // resets the connection, and a broker that has not read our last packets yet loses
            // them: acknowledgements and the DISCONNECT itself. So say we are done, and keep
            // reading (the reader drops what comes) until the broker closes, as a server does on
            // receipt of DISCONNECT (MQTT 3.1.1 section 3.14.4).
            link.shutdownOutput();
            join(reader, wait);
        }
        fail(new MqttConnectionException("connection closed by the client"));
        join(reader, Duration.ofSeconds(5));
    }

    private static void join(Thread t, Duration wait) {
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
