package dev.kite.mqtt.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Link} over {@code java.net.http.WebSocket}: MQTT bytes travel in binary messages. A
 * packet may span messages and a message may hold several packets: the client's frame decoder
 * sees one byte stream either way.
 *
 * <p>Flow control: the listener asks for one message at a time ({@code request(1)}) while fewer
 * than {@code readLimit} bytes wait to be read; past that it stops asking, and the reader asks
 * again once it has drained below the limit. So a slow client slows the broker through TCP, as
 * over a plain socket.
 */
final class WebSocketLink implements Link, WebSocket.Listener {
    private final String description;
    private final int readLimit;
    private final int maxMessage;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    private long buffered;
    private boolean paused;
    private boolean eof;
    private boolean closed;
    private IOException failure;
    private ByteBuffer current;
    private volatile WebSocket socket;

    WebSocketLink(String description, int readLimit, int maxMessage) {
        this.description = description;
        this.readLimit = readLimit;
        this.maxMessage = maxMessage;
    }

    @Override
    public void onOpen(WebSocket ws) {
        this.socket = ws;
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        boolean more;
        lock.lock();
        try {
            if (copy.hasRemaining()) {
                chunks.add(copy);
                buffered += copy.remaining();
                readable.signalAll();
            }
            more = buffered < readLimit;
            paused = !more;
        } finally {
            lock.unlock();
        }
        if (more) {
            ws.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        fail(new IOException(description + " sent a text WebSocket message; MQTT travels in binary messages"));
        ws.abort();
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        lock.lock();
        try {
            eof = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        ws.abort();
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        fail(error instanceof IOException io ? io : new IOException(error.getMessage(), error));
    }

    private void fail(IOException e) {
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            // a close frame for a polite broker, then the TCP connection goes whatever the answer
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(1, TimeUnit.SECONDS)
                        .whenComplete((r, e) -> ws.abort());
            } catch (RuntimeException e) {
                ws.abort();
            }
        } else if (ws != null) {
            ws.abort();
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
            boolean resume = false;
            lock.lock();
            try {
                while (current == null || !current.hasRemaining()) {
                    if (closed) {
                        throw new IOException(description + " is closed");
                    }
                    current = chunks.poll();
                    if (current != null) {
                        buffered -= current.remaining();
                        if (paused && buffered < readLimit) {
                            paused = false;
                            resume = true;
                        }
                    } else if (failure != null) {
                        throw new IOException(failure.getMessage(), failure);
                    } else if (eof) {
                        return -1;
                    } else {
                        readable.await();
                    }
                }
                int n = Math.min(len, current.remaining());
                current.get(b, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading " + description);
            } finally {
                lock.unlock();
                if (resume) {
                    // outside the lock: request may deliver the next message on this thread
                    socket.request(1);
                }
            }
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            // one send at a time, as java.net.http.WebSocket requires; each a whole binary message
            for (int at = off; at < off + len; at += maxMessage) {
                int n = Math.min(maxMessage, off + len - at);
                ByteBuffer msg = ByteBuffer.allocate(n).put(b, at, n).flip();
                try {
                    socket.sendBinary(msg, true).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted writing to " + description);
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    throw c instanceof IOException io ? io : new IOException("write to " + description + " failed: " + c, c);
                }
            }
        }
    }
}
