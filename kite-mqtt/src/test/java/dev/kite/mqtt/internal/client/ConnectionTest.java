package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.transport.Link;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection over a scripted link, with its timer ticked by hand and a fake clock. */
class ConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ScriptedLink link = new ScriptedLink();
    private final Recorder listener = new Recorder();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HandTicked scheduler = new HandTicked();
    private Connection connection;

    @AfterEach
    void tearDown() {
        if (connection != null) {
            connection.close(null, Duration.ofSeconds(1));
        }
        scheduler.shutdownNow();
    }

    private Connection connection(Duration keepAlive, Duration pingTimeout) {
        connection = new Connection(listener, link, new FrameDecoder(), List.of(), ProtocolVersion.MQTT_3_1_1,
                Long.MAX_VALUE, URI.create("tcp://broker.example:1883"), keepAlive, pingTimeout, Duration.ZERO,
                "test", null, scheduler, now::get);
        return connection;
    }

    @Test
    void aConnectionThatFailsBeforeItsTimerIsArmedStillCancelsTheTimer() {
        Connection c = connection(Duration.ofSeconds(10), Duration.ofSeconds(3));
        // the peer hangs up at the worst moment: while start() arms the timer
        scheduler.whileArming = () -> c.fail(new IllegalStateException("peer closed after CONNACK"));
        c.start();
        assertThat(listener.lost).hasSize(1);
        assertThat(scheduler.timer != null).as("the timer was armed").isTrue();
        assertThat(scheduler.timer.isCancelled()).as("the timer of a dead connection is cancelled").isTrue();
    }

    @Test
    void aPeerThatClosesRightAfterConnackLeavesNoTimerRunning() {
        link.hangUp();
        connection(Duration.ofSeconds(10), Duration.ofSeconds(3)).start();
        await().atMost(WAIT).until(() -> listener.lost.size() == 1);
        assertThat(scheduler.timer.isCancelled()).isTrue();
    }

    @Test
    void theTimerSendsAPingreqAfterKeepaliveOfSilenceAndFailsTheConnectionWithoutPingresp() {
        connection(Duration.ofSeconds(10), Duration.ofSeconds(3)).start();
        scheduler.tick();
        assertThat(link.written()).isEmpty();
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        scheduler.tick();
        await().atMost(WAIT).until(() -> link.written().length == 2);
        assertThat(link.written()).containsExactly(0xC0, 0x00);
        now.addAndGet(TimeUnit.SECONDS.toNanos(3));
        scheduler.tick();
        assertThat(listener.lost).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("no PINGRESP"));
        assertThat(scheduler.timer.isCancelled()).isTrue();
    }

    /** A scheduler whose periodic task runs only when the test calls {@link #tick}. */
    private static final class HandTicked extends ScheduledThreadPoolExecutor {
        Runnable whileArming = () -> { };
        volatile Runnable task;
        volatile ScheduledFuture<?> timer;

        HandTicked() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            whileArming.run();
            task = command;
            timer = super.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.DAYS);
            return timer;
        }

        void tick() {
            if (!timer.isCancelled()) {
                task.run();
            }
        }
    }

    /** What the connection reports. */
    private static final class Recorder implements Connection.Listener {
        final List<Throwable> lost = new CopyOnWriteArrayList<>();

        @Override
        public void onPacket(Connection connection, Packet packet) {
        }

        @Override
        public void onLost(Connection connection, Throwable cause) {
            lost.add(cause);
        }

        @Override
        public void onWritten(int packets) {
        }

        @Override
        public void onReadDone() {
        }
    }

    /** A link whose input blocks until the peer hangs up or the link is closed. */
    private static final class ScriptedLink implements Link {
        private final CountDownLatch hungUp = new CountDownLatch(1);
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void hangUp() {
            hungUp.countDown();
        }

        int[] written() {
            synchronized (out) {
                byte[] b = out.toByteArray();
                int[] unsigned = new int[b.length];
                for (int i = 0; i < b.length; i++) {
                    unsigned[i] = b[i] & 0xFF;
                }
                return unsigned;
            }
        }

        @Override
        public InputStream input() {
            return new InputStream() {
                @Override
                public int read() {
                    return read(new byte[1], 0, 1);
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    try {
                        hungUp.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return -1;
                }
            };
        }

        @Override
        public OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (out) {
                        out.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (out) {
                        out.write(b, off, len);
                    }
                }
            };
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {
            hangUp();
        }
    }
}
