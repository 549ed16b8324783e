package dev.kite.mqtt.internal.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A connection writer's buffer: a {@link java.io.BufferedOutputStream} without its lock (one
 * thread owns it) into which the {@link Encoder} writes packet headers directly. It starts small
 * and doubles, up to a maximum, when a batch does not fit; it reaches the stream when full or
 * flushed.
 *
 * <p>Not thread-safe: one writer thread owns it.
 *
 * @since 0.1
 */
public final class WriteBuffer extends OutputStream {
    private final OutputStream out;
    private final int max;
    private byte[] buf;
    private int count;

    /**
     * Creates a buffer over a stream.
     *
     * @param out where the bytes go
     * @param size the first size of the buffer
     * @param max the size it may grow to
     */
    public WriteBuffer(OutputStream out, int size, int max) {
        this.out = out;
        this.buf = new byte[size];
        this.max = Math.max(size, max);
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buf.length && !grow(1)) {
            drain();
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - count && !grow(len)) {
            if (len >= buf.length) {
                drain();
                out.write(b, off, len);
                return;
            }
            drain();
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /**
     * Makes room for {@code len} bytes written straight into the returned array from
     * {@link #position()}; {@link #advance} then takes them in.
     *
     * @return the array to write into
     */
    byte[] reserve(int len) throws IOException {
        if (len > buf.length - count && !grow(len)) {
            drain();
            if (len > buf.length) {
                // larger than the maximum (a CONNECT with a big will): a one-off array
                buf = new byte[len];
            }
        }
        return buf;
    }

    /** Returns where the next byte goes in the array {@link #reserve} returned. */
    int position() {
        return count;
    }

    /** Takes in {@code len} bytes written into the array after a {@link #reserve}. */
    void advance(int len) {
        count += len;
    }

    /** Doubles the buffer while it is below the maximum and {@code len} more bytes do not fit. */
    private boolean grow(int len) {
        int size = buf.length;
        while (len > size - count && size < max) {
            size = Math.min(max, size * 2);
        }
        if (size == buf.length || len > size - count) {
            return false;
        }
        buf = Arrays.copyOf(buf, size);
        return true;
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}
