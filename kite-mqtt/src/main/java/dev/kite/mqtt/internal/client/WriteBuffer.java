package dev.kite.mqtt.internal.client;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The writer thread's buffer: {@link java.io.BufferedOutputStream} without its lock (only the
 * writer thread touches it), which the writer took and released several times per packet. It
 * starts small and doubles, up to a maximum, when a batch does not fit.
 */
final class WriteBuffer extends OutputStream {
    private final OutputStream out;
    private final int max;
    private byte[] buf;
    private int count;

    WriteBuffer(OutputStream out, int size, int max) {
        this.out = out;
        this.buf = new byte[size];
        this.max = max;
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

    /** Doubles the buffer while it is below the maximum and {@code len} more bytes do not fit. */
    private boolean grow(int len) {
        int size = buf.length;
        while (len > size - count && size < max) {
            size = Math.min(max, size * 2);
        }
        if (size == buf.length || len > size - count) {
            return false;
        }
        buf = java.util.Arrays.copyOf(buf, size);
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
