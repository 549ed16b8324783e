package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.codec.WriteBuffer;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.transport.Link;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network connection after its CONNACK: a reader thread that decodes and hands packets to
 * the client, a {@link Writer} that owns the socket's output, and the timer that applies
 * {@link KeepAlive} and the write timeout. Connection-scoped: it dies with the socket.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /**
     * I/O buffers start small and double, up to 64 KiB, while traffic fills them: an idle
     * connection holds 2 KiB of buffers, a busy one reads and writes in large chunks.
     */
    private static final int FIRST_BUFFER = 1024;
    private static final int MAX_BUFFER = 64 * 1024;
    /** How long a connection failing for a protocol error waits for its 5.0 DISCONNECT to be written. */
    private static final Duration DISCONNECT_WAIT = Duration.ofSeconds(1);

    /** What a connection reports to its client. Called on the reader, writer or scheduler thread. */
    interface Listener {
        void onPacket(Connection connection, Packet packet);

        void onLost(Connection connection, Throwable cause);

        void onWritten(int packets);

        /** Called on the reader thread after the packets of one read were handled. */
        void onReadDone();
    }

    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final ClientThreads threads;
    private final Clock clock;
    private final Link link;
    private final FrameDecoder decoder;
    private final List<Packet> early;
    private final Writer writer;
    private final Consumer<Packet> outbox;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final KeepAlive keepAlive;
    private final long writeTimeoutNanos;
    private final String name;
    private final PacketListener packets;
    private final ProtocolVersion version;
    /** The broker's Maximum Packet Size (MQTT 5.0 CONNACK), Long.MAX_VALUE when it set none. */
    private final long maximumPacketSize;
    private final URI broker;
    private volatile boolean closing;
    private Thread readerThread;
    private Thread writerThread;
    /** Set once by {@link #start}, before any thread that may fail the connection runs. */
    private volatile ScheduledFuture<?> timer;

    /**
     * @param version the version the CONNECT spoke: the decoder's, and the writer's encoding
     * @param maximumPacketSize the broker's Maximum Packet Size, {@code Long.MAX_VALUE} for none (3.1.1)
     * @param broker the address connected to, without user information
     * @param keepAlive the keep alive in force: the broker's Server Keep Alive where it sent one
     * @param threads the client's threads, timers and callback executor
     */
    Connection(Listener listener, Link link, FrameDecoder decoder, List<Packet> early, ProtocolVersion version,
               long maximumPacketSize, URI broker, Duration keepAlive, Duration pingTimeout, Duration writeTimeout,
               String name, PacketListener packets, ClientThreads threads) {
        this(listener, link, decoder, early, version, maximumPacketSize, broker, keepAlive, pingTimeout, writeTimeout, name,
                packets, threads.scheduler(), Clock.SYSTEM, threads);
    }

    /** As the other constructor, with the scheduler of the timer and the clock it reads (tests). */
    Connection(Listener listener, Link link, FrameDecoder decoder, List<Packet> early, ProtocolVersion version,
               long maximumPacketSize, URI broker, Duration keepAlive, Duration pingTimeout, Duration writeTimeout,
               String name, PacketListener packets, ScheduledExecutorService scheduler, Clock clock) {
        this(listener, link, decoder, early, version, maximumPacketSize, broker, keepAlive, pingTimeout, writeTimeout, name,
                packets, scheduler, clock, new ClientThreads(name, name, null, null));
    }

    private Connection(Listener listener, Link link, FrameDecoder decoder, List<Packet> early, ProtocolVersion version,
               long maximumPacketSize, URI broker, Duration keepAlive, Duration pingTimeout, Duration writeTimeout,
               String name, PacketListener packets, ScheduledExecutorService scheduler, Clock clock,
               ClientThreads threads) {
        this.threads = threads;
        this.version = version;
        this.maximumPacketSize = maximumPacketSize;
        this.broker = broker;
        this.scheduler = scheduler;
        this.clock = clock;
        this.listener = listener;
        this.link = link;
        this.decoder = decoder;
        this.early = early;
        this.keepAlive = new KeepAlive(keepAlive.toNanos(), pingTimeout.toNanos(), clock.nanoTime());
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.name = name;
        this.packets = packets;
        this.writer = new Writer(new WriteBuffer(link.output(), FIRST_BUFFER, MAX_BUFFER), name, link.describe(),
                version, maximumPacketSize == Long.MAX_VALUE ? 0 : maximumPacketSize, packets, clock, this.keepAlive,
                this::fail, listener::onWritten, threads.callbacks());
        this.outbox = p -> writer.enqueue(p, null);
    }

    /**
     * Arms the timer that checks keepalive and the write timeout, then starts the reader and the
     * writer. The timer comes first: a thread that fails the connection at once (a peer that
     * closes right after CONNACK) must find it to cancel it.
     */
    void start() {
        long period = tickPeriodNanos();
        if (period > 0) {
            // a periodic task that throws is never run again: without the guard keepalive would stop
            timer = scheduler.scheduleAtFixedRate(threads.named(Threads.guarded(this::tick, this::threadFailed)), period, period,
                    TimeUnit.NANOSECONDS);
            if (failed.get()) {
                // failed while the timer was armed: fail() may have looked before it was assigned
                timer.cancel(false);
            }
        }
        writerThread = threads.start("writer", Threads.guarded(writer::run, this::threadFailed));
        readerThread = threads.start("reader", Threads.guarded(this::readLoop, this::threadFailed));
    }

    /** Returns how often the timer ticks: a quarter of the shortest interval it checks; 0 for never. */
    private long tickPeriodNanos() {
        long period = Long.MAX_VALUE;
        if (keepAlive.enabled()) {
            period = keepAlive.tickPeriodNanos();
        }
        if (writeTimeoutNanos > 0) {
            period = Math.min(period, writeTimeoutNanos / 4);
        }
        return period == Long.MAX_VALUE ? 0 : Math.max(TimeUnit.MILLISECONDS.toNanos(50), period);
    }

    /**
     * Fails the connection when one of its threads or its timer ends by an error the loops do not
     * expect (an {@code OutOfMemoryError}, an {@code Error} from a packet listener): without it a
     * dead reader would leave the client reporting CONNECTED until keepalive noticed, or forever.
     */
    private void threadFailed(Throwable cause) {
        fail(new MqttConnectionException(Thread.currentThread().getName() + " failed: " + cause, cause));
    }

    /**
     * Returns the connection's writer: {@link Writer#enqueue} hands a packet to the writer
     * thread, {@link Writer#writeNow} writes it on the caller's thread when its rule allows,
     * {@link Writer#batch} defers the wake-up of a burst.
     */
    Writer writer() {
        return writer;
    }

    /** Returns the address of the broker, without user information. */
    URI broker() {
        return broker;
    }

    /** Returns the protocol version this connection speaks. */
    ProtocolVersion version() {
        return version;
    }

    /** Returns a consumer that {@link Writer#enqueue enqueues} each packet without a completion. */
    Consumer<Packet> outbox() {
        return outbox;
    }

    private void readLoop() {
        try {
            try (Writer.Batch answers = writer.batch(); CallbackBatch completions = CallbackBatch.open(threads.callbacks())) {
                for (Packet p : early) {
                    received(p);
                }
            } finally {
                listener.onReadDone();
            }
            InputStream in = link.input();
            byte[] buf = new byte[FIRST_BUFFER];
            while (!failed.get()) {
                int n = in.read(buf);
                if (n < 0) {
                    fail(new MqttConnectionException("connection closed by the broker (" + link.describe() + ")"));
                    return;
                }
                // what the client answers to the packets of one read leaves in one write, and the
                // tokens they complete reach user callbacks in one hand-over
                try (Writer.Batch answers = writer.batch();
                        CallbackBatch completions = CallbackBatch.open(threads.callbacks())) {
                    decoder.feed(buf, 0, n, this::received);
                } finally {
                    listener.onReadDone();
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

    private void received(Packet p) {
        if (log.isTraceEnabled()) {
            log.trace("{} <- {}", name, p);
        }
        // Progress is a whole packet, not a byte: a broker trickling one huge packet must not
        // keep the keepalive quiet, so it ends by ping timeout (keepalive + ping timeout at most).
        keepAlive.received(clock.nanoTime());
        PacketDescriptions.report(packets, PacketListener.Direction.RECEIVED, p);
        if (p.type() == Packet.Type.PINGRESP) {
            keepAlive.pingresp();
        }
        listener.onPacket(this, p);
    }

    /** The timer's task, on the scheduler: fails a stuck write or a dead peer, or queues a PINGREQ. */
    private void tick() {
        long now = clock.nanoTime();
        if (writeTimeoutNanos > 0 && writer.writeOverdue(now, writeTimeoutNanos)) {
            fail(new MqttConnectionException("write to " + link.describe() + " did not complete within "
                    + TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos) + " ms"));
            return;
        }
        switch (keepAlive.tick(now)) {
            case SEND_PINGREQ -> {
                if (!writer.enqueueNow(Pingreq.INSTANCE)) {
                    keepAlive.pingNotSent();
                }
            }
            case DEAD -> fail(new MqttConnectionException(keepAlive.deadReason(link.describe())));
            case NOTHING -> {
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
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        if (cause instanceof MqttProtocolException e && version == ProtocolVersion.MQTT_5 && !closing) {
            sayWhy(e);
        }
        link.close();
        writer.closeAndFailQueued();
        if (!closing) {
            listener.onLost(this, cause);
        }
    }

    /**
     * Tells a 5.0 broker why the client closes: a DISCONNECT with the protocol error's reason
     * code, after what is queued (section 4.13.1: "the Client ... SHOULD send a DISCONNECT packet
     * containing the reason code before closing the Network Connection"). Waits a bounded time
     * for the writer; from the writer thread itself, which cannot wait for itself, nothing is sent.
     */
    private void sayWhy(MqttProtocolException e) {
        Thread w = writerThread;
        if (w == null || w == Thread.currentThread()) {
            return;
        }
        Properties why = Properties.EMPTY;
        String text = e.getMessage() == null ? "" : e.getMessage();
        text = (text.length() > 200 ? text.substring(0, 200) : text).replaceAll("[^\\x20-\\x7E]", "?");
        if (!text.isEmpty() && maximumPacketSize > text.length() + 16L) {
            // printable ASCII keeps the UTF-8 string rules whatever bytes the broker sent; and
            // [MQTT-3.14.2-3] no reason string that would pass the broker's maximum packet size
            why = Properties.builder().string(Property.REASON_STRING, text).build();
        }
        // past the queue's bound: a writer stuck on a full socket must not hold up the close
        writer.enqueueNow(new Disconnect(e.reasonCode(), why));
        writer.close(null);
        join(w, DISCONNECT_WAIT);
    }

    /**
     * Closes on purpose: sends {@code disconnect} (unless null) after what is queued, waits up to
     * {@code wait} for the writer, then (DISCONNECT written) up to {@code wait} more for the
     * broker to close its side, then closes the socket and waits for both threads.
     */
    void close(Disconnect disconnect, Duration wait) {
        closing = true;
        writer.close(!failed.get() ? disconnect : null);
        join(writerThread, wait);
        if (writer.disconnectWritten() && !failed.get()) {
            // Closing a socket that still holds unread bytes (PUBLISHes the broker sent meanwhile)
            // resets the connection, and a broker that has not read our last packets yet loses
            // them: acknowledgements and the DISCONNECT itself. So say we are done, and keep
            // reading (the reader drops what comes) until the broker closes, as a server does on
            // receipt of DISCONNECT (MQTT 3.1.1 section 3.14.4).
            link.shutdownOutput();
            join(readerThread, wait);
        }
        fail(new MqttConnectionException("connection closed by the client"));
        join(readerThread, Duration.ofSeconds(5));
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
