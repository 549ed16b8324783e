package dev.kite.mqtt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy that forwards to a broker and injects network faults: cut every
 * connection, stall (stop forwarding without closing: a half-open connection), refuse new
 * connections.
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean stalled;
    private volatile boolean refusing;

    /** Starts forwarding a free loopback port to {@code 127.0.0.1:targetPort}. */
    public FaultProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::acceptLoop, "fault-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    /** Returns {@code tcp://127.0.0.1:PORT} of the proxy. */
    public String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Returns how many connections the proxy accepted. */
    public int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    client.close();
                    continue;
                }
                accepted.incrementAndGet();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Pipe p = new Pipe(client, upstream);
                pipes.add(p);
                p.start();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Closes every open connection (both sides see a reset or EOF). */
    public void cutAll() {
        for (Pipe p : pipes) {
            p.close();
        }
        pipes.clear();
    }

    /** Stops forwarding bytes in both directions without closing anything. */
    public void stall() {
        stalled = true;
    }

    /** Forwards again after {@link #stall()}. */
    public void resume() {
        stalled = false;
        synchronized (this) {
            notifyAll();
        }
    }

    /** Refuses (closes at once) new connections while set. */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        resume();
        cutAll();
    }

    private final class Pipe {
        private final Socket a;
        private final Socket b;

        Pipe(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        void start() {
            forward(a, b, "fault-proxy-up");
            forward(b, a, "fault-proxy-down");
        }

        private void forward(Socket from, Socket to, String name) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        waitWhileStalled();
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // the pipe ends
                } finally {
                    close();
                }
            }, name);
            t.setDaemon(true);
            t.start();
        }

        void close() {
            try {
                a.close();
            } catch (IOException e) {
                // closing
            }
            try {
                b.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private void waitWhileStalled() throws InterruptedException {
        synchronized (this) {
            while (stalled) {
                wait();
            }
        }
    }
}
