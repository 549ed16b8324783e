package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.codec.WriteBuffer;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.session.Completion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who writes to one connection's socket: its queue, its buffer and its write lock. The writer
 * thread ({@link #run}) drains the queue in batches and flushes when it is empty. Any thread may
 * {@link #enqueue}; an application thread may {@link #writeNow} its own packet on its own thread
 * under one rule ({@link #mayWriteOnCallersThread}). Packets that a thread queues in a burst go
 * through a {@link Batch}, which wakes the writer once when it closes.
 */
final class Writer {
    private static final Logger log = LoggerFactory.getLogger(Writer.class);
    private static final int QUEUE_CAPACITY = 8192;
    /**
     * How long the connection must have sent nothing before an application thread writes a
     * packet itself: a lone message goes out at once, while a stream of them is left to the
     * writer, which sends many in one write.
     */
    static final long DIRECT_AFTER_IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /**
     * A packet to write, and what to complete once it is written (QoS 0 publishes), or null. The
     * queue tells entries apart by identity, so two equal acknowledgements are two entries.
     */
    private record Outgoing(Packet packet, Completion onWritten) {
    }

    private final BoundedQueue<Outgoing> queue = new BoundedQueue<>(QUEUE_CAPACITY);
    /** Held while packets are written: by the writer thread, or by an application thread in {@link #writeNow}. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final WriteBuffer out;
    private final Batch batch = new Batch();
    private final String name;
    private final String peer;
    /** The version spoken and what a packet becomes on this connection; used under {@link #lock} only. */
    private final WireForm form;
    private final PacketListener packets;
    private final Clock clock;
    private final KeepAlive keepAlive;
    private final Consumer<Throwable> onFailure;
    /** Set by the writer thread once the DISCONNECT is on the wire. */
    private volatile boolean disconnectWritten;
    private final IntConsumer onWritten;
    /** Set by {@link #close}: callers no longer write on their own thread. */
    private volatile boolean closing;
    /** When the current write began, or 0 while none runs. */
    private volatile long writeStartedAt;
    private final Executor callbacks;

    /**
     * @param version the version spoken: every packet is encoded in it
     * @param maxPacketSize the broker's Maximum Packet Size, 0 for none: see {@link WireForm}
     * @param onFailure fails the connection: a write failed
     * @param onWritten told how many packets each flush wrote
     * @param callbacks settles the user futures of the tokens a write completes
     */
    Writer(WriteBuffer out, String name, String peer, ProtocolVersion version, long maxPacketSize, PacketListener packets,
           Clock clock, KeepAlive keepAlive, Consumer<Throwable> onFailure, IntConsumer onWritten, Executor callbacks) {
        this.callbacks = callbacks;
        this.out = out;
        this.name = name;
        this.peer = peer;
        this.form = new WireForm(version, maxPacketSize, packets);
        this.packets = packets;
        this.clock = clock;
        this.keepAlive = keepAlive;
        this.onFailure = onFailure;
        this.onWritten = onWritten;
    }

    /**
     * Queues a packet for the writer thread and wakes it; any thread. Waits while 8,192 packets
     * are queued.
     *
     * @param onWritten completed once the packet is written, or null
     * @return false if the writer is closed: the packet will not be sent
     */
    boolean enqueue(Packet packet, Completion onWritten) {
        if (!enqueueQuietly(new Outgoing(packet, onWritten))) {
            return false;
        }
        queue.wake();
        return true;
    }

    /** Queues without waking the writer thread: only for {@link Batch}, whose close wakes it. */
    private boolean enqueueQuietly(Outgoing item) {
        assert !lock.isHeldByCurrentThread() : "a thread writing must not wait for room in the queue it drains";
        try {
            return queue.putQuietly(item, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Queues a packet past the bound without waiting, for timers that must not block. */
    boolean enqueueNow(Packet packet) {
        return queue.putNow(new Outgoing(packet, null));
    }

    /**
     * Opens a batch: packets given to it are queued without waking the writer thread, which
     * {@link Batch#close} wakes once for all of them. Use with try-with-resources.
     */
    Batch batch() {
        return batch.open();
    }

    /**
     * Returns the batch without opening it, for code that runs inside a batch its caller opened
     * (the reader's handling of one read): what it queues is woken when that batch closes.
     */
    Consumer<Packet> inOpenBatch() {
        return batch;
    }

    /**
     * Queued packets without a wake-up each: one per socket read on the reader, one per burst
     * of deliveries on the handler thread. Holds no state but (under assertions) which threads
     * have it open, so one instance serves every thread and costs nothing per use.
     */
    final class Batch implements Consumer<Packet>, AutoCloseable {
        /** How deep each thread has opened this batch; kept only when assertions are on. */
        private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

        private Batch open() {
            assert ++depth.get()[0] > 0;
            return this;
        }

        /** Queues a packet; the writer thread is woken when this batch closes. */
        @Override
        public void accept(Packet p) {
            assert depth.get()[0] > 0 : "a packet queued outside an open batch would wait for an unrelated wake-up";
            enqueueQuietly(new Outgoing(p, null));
        }

        /** Wakes the writer thread for what this batch queued (a no-op when it does not sleep). */
        @Override
        public void close() {
            assert --depth.get()[0] >= 0;
            queue.wake();
        }

        /**
         * Closes the batch by writing the acknowledgements at the head of the queue on the
         * calling thread when the rule for writing on the caller's thread allows it (the
         * connection quiet, the writer idle, the caller not running a handler), and waking the
         * writer thread for anything else. For the ordered dispatcher's
         * acknowledgements: on a quiet connection they then leave without a thread hand-over.
         * Never on the reader: a reader blocked in a write would stop reading.
         */
        void closeWritingHere() {
            assert --depth.get()[0] >= 0;
            if (!writeQueuedHere()) {
                queue.wake();
            }
        }
    }

    /**
     * Writes the acknowledgements at the head of the queue on the calling thread if
     * {@link #mayWriteOnCallersThread the rule} allows it and the write lock is free; returns
     * whether nothing is left queued. Only acknowledgements: a PUBLISH a handler queued is the
     * writer thread's to write, so a handler's thread never writes its own publish.
     */
    private boolean writeQueuedHere() {
        assert !lock.isHeldByCurrentThread();
        if (!mayWriteOnCallersThread() || !lock.tryLock()) {
            return false;
        }
        List<Outgoing> items = new ArrayList<>();
        try (CallbackBatch completions = CallbackBatch.open(callbacks)) {
            if (queue.isClosed()) {
                return false;
            }
            // under the write lock this thread is the queue's only consumer: peek, then poll, is safe
            Outgoing head;
            while ((head = queue.peek()) != null && isAcknowledgement(head.packet())) {
                items.add(queue.poll());
            }
            queue.release(items.size());
            if (!items.isEmpty()) {
                writeAll(items);
            }
            items.clear();
            return queue.isEmpty();
        } catch (IOException e) {
            onFailure.accept(new MqttConnectionException("write to " + peer + " failed: " + e.getMessage(), e));
            return true;
        } catch (RuntimeException e) {
            onFailure.accept(e);
            return true;
        } catch (Error e) {
            onFailure.accept(new MqttConnectionException("write to " + peer + " failed: " + e, e));
            throw e;
        } finally {
            lock.unlock();
            items.forEach(Writer::failWrite);
        }
    }

    private static boolean isAcknowledgement(Packet p) {
        int type = p.type();
        return type == Packet.Type.PUBACK || type == Packet.Type.PUBREC || type == Packet.Type.PUBREL
                || type == Packet.Type.PUBCOMP;
    }

    /**
     * Writes a packet from an application thread: on the calling thread if
     * {@link #mayWriteOnCallersThread the rule} allows it, which saves a lone message the hand-over
     * to the writer thread and its wake-up; otherwise queued as by {@link #enqueue}. The write may
     * block: never call it holding the client's lock.
     *
     * @param onWritten completed once the packet is written, or null
     * @return false if the writer is closed: the packet will not be sent
     */
    boolean writeNow(Packet packet, Completion onWritten) {
        assert !lock.isHeldByCurrentThread();
        if (mayWriteOnCallersThread() && lock.tryLock()) {
            try {
                // checked under the lock, which the writer thread holds from draining to flushing:
                // a direct write then never overtakes what was queued before it
                if (queue.isEmpty() && !queue.isClosed()) {
                    writeOnCaller(new Outgoing(packet, onWritten));
                    return true;
                }
            } finally {
                lock.unlock();
            }
        }
        return enqueue(packet, onWritten);
    }

    /**
     * The rule for writing on the caller's thread, besides a free write lock and an empty queue:
     * the connection sent nothing for 200 µs (a stream is better batched by the writer thread),
     * the caller is not a handler (a handler blocked in a write would stall delivery) and is not
     * interrupted (an interrupted virtual thread blocked in a socket write closes the socket).
     */
    private boolean mayWriteOnCallersThread() {
        return clock.nanoTime() - keepAlive.lastSent() > DIRECT_AFTER_IDLE_NANOS && !closing
                && !HandlerWait.onHandlerThread() && !Thread.currentThread().isInterrupted();
    }

    private void writeOnCaller(Outgoing item) {
        assert lock.isHeldByCurrentThread();
        try {
            writeAll(List.of(item));
        } catch (IOException e) {
            onFailure.accept(new MqttConnectionException("write to " + peer + " failed: " + e.getMessage(), e));
            failWrite(item);
        } catch (RuntimeException e) {
            onFailure.accept(e);
            failWrite(item);
        } catch (Error e) {
            // on a caller's thread: the connection and the packet fail, the caller sees the error
            onFailure.accept(new MqttConnectionException("write to " + peer + " failed: " + e, e));
            failWrite(item);
            throw e;
        }
    }

    /** Returns whether the writer thread has written and flushed the DISCONNECT. */
    boolean disconnectWritten() {
        return disconnectWritten;
    }

    /** The writer thread's loop: until closed and drained, or a DISCONNECT is written. */
    void run() {
        List<Outgoing> drained = new ArrayList<>();
        try {
            while (awaitPackets()) {
                boolean disconnect;
                // the tokens of one written batch reach user callbacks in one hand-over
                try (CallbackBatch completions = CallbackBatch.open(callbacks)) {
                    lock.lock();
                    try {
                        // drained under the lock: a direct write cannot overtake what was queued before it
                        queue.release(queue.drainTo(drained));
                        // a thread that wrote what it queued (Batch.closeWritingHere) may have left nothing
                        disconnect = !drained.isEmpty() && writeAll(drained);
                    } finally {
                        lock.unlock();
                    }
                }
                drained.clear();
                if (disconnect) {
                    disconnectWritten = true;
                    return;
                }
            }
        } catch (IOException e) {
            onFailure.accept(new MqttConnectionException("write to " + peer + " failed: " + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            onFailure.accept(e);
        } finally {
            drained.forEach(Writer::failWrite);
        }
    }

    /** Waits, not holding the write lock (direct writes need it), until packets are queued. */
    private boolean awaitPackets() throws InterruptedException {
        assert !lock.isHeldByCurrentThread();
        return queue.await();
    }

    /** Writes and flushes packets, then completes what waits for them; returns whether one was a DISCONNECT. */
    private boolean writeAll(List<Outgoing> items) throws IOException {
        assert lock.isHeldByCurrentThread();
        writeStartedAt = clock.nanoTime() | 1;
        boolean disconnect = false;
        for (Outgoing item : items) {
            if (log.isTraceEnabled()) {
                log.trace("{} -> {} ({} bytes)", name, item.packet(), Encoder.encodedLength(item.packet(), form.version()));
            }
            Packet packet = form.of(item.packet());
            Encoder.write(packet, form.version(), out);
            PacketDescriptions.report(packets, PacketListener.Direction.SENT, packet);
            disconnect |= packet instanceof Disconnect;
        }
        out.flush();
        writeStartedAt = 0;
        keepAlive.sent(clock.nanoTime());
        onWritten.accept(items.size());
        for (Outgoing item : items) {
            if (item.onWritten() != null) {
                item.onWritten().complete(null);
            }
        }
        return disconnect;
    }

    /** Sends PUBLISHes with topic aliases from now on; called before the connection starts. */
    void aliasTopics(OutboundAliases aliases) {
        lock.lock();
        try {
            form.aliases(aliases);
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether a write has run for {@code timeoutNanos} or more at {@code now}. */
    boolean writeOverdue(long now, long timeoutNanos) {
        long started = writeStartedAt;
        return started != 0 && now - started >= timeoutNanos;
    }

    /** Returns how many packets wait for the writer thread or are being written by it. */
    int queued() {
        return queue.held();
    }

    /**
     * Refuses new packets after {@code last} (a DISCONNECT, or null); the writer thread writes
     * what is queued, then ends. No packet is written on a caller's thread from now on, so none
     * can follow {@code last}.
     */
    void close(Packet last) {
        closing = true;
        if (last != null) {
            enqueue(last, null);
        }
        queue.close();
    }

    /** Refuses new packets and fails the completions of those never written. */
    void closeAndFailQueued() {
        queue.closeAndDrain().forEach(Writer::failWrite);
    }

    private static void failWrite(Outgoing item) {
        if (item.onWritten() != null) {
            item.onWritten().fail(new MqttConnectionException("connection lost before the packet was written"));
        }
    }
}
