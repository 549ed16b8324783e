package dev.kite.mqtt.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FileStore}'s segment files as one append-only log: appends to the active segment,
 * forces them per the {@linkplain SyncMode sync mode} through the group commit, and compacts by
 * rolling to a new active segment and rewriting the live entries as the base that replaces every
 * older one. It counts the log's bytes; the store decides when to compact.
 *
 * <p>It uses the store's two locks: the write lock (the active segment's writes and the byte
 * count) and the group commit (who forces; a roll and a close exclude forces, taken before the
 * write lock). Which method needs which is said on each and asserted where it is the write lock.
 */
final class SegmentLog {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);
    private static final int DIRECT_BUFFER_MAX = 1 << 20;

    private final Path dir;
    private final SyncMode mode;
    private final ReentrantLock writeLock;
    private final GroupCommit commit;

    private volatile Segment active;
    /** Set by {@link #close}: the active segment's channel must not be forced or reopened. */
    private volatile boolean closed = true;
    private volatile long appended;
    /** Bytes of log on disk; guarded by the write lock. */
    private long totalBytes;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);

    SegmentLog(Path dir, SyncMode mode, ReentrantLock writeLock, GroupCommit commit) {
        this.dir = dir;
        this.mode = mode;
        this.writeLock = writeLock;
        this.commit = commit;
    }

    /**
     * At open, under both locks, after recovery left {@code recoveredBytes} of log in segments up
     * to {@code newest}: starts a new active segment and numbers records from 0 again.
     */
    void start(long newest, long recoveredBytes) throws IOException {
        assert writeLock.isHeldByCurrentThread();
        active = Segment.create(dir, newest + 1);
        totalBytes = recoveredBytes + active.size;
        appended = 0;
        closed = false;
        commit.reset();
    }

    /** Appends a record to the active segment; returns its sequence number. Caller holds the write lock. */
    long append(byte op, StoreKey key, byte[] value) {
        assert writeLock.isHeldByCurrentThread();
        int size = Record.size(value.length);
        ByteBuffer buf = buffer(size);
        Record.encode(buf, op, key, value);
        Segment seg = active;
        long pos = seg.size;
        try {
            FileChannel ch = seg.channel();
            while (buf.hasRemaining()) {
                pos += ch.write(buf, pos);
            }
        } catch (IOException e) {
            // the next record is written at seg.size, over whatever part of this one reached the file
            throw new UncheckedIOException("could not write to Kite store " + seg.path + " at offset " + seg.size
                    + ": " + e, e);
        }
        seg.size = pos;
        totalBytes += size;
        return ++appended;
    }

    private ByteBuffer buffer(int size) {
        if (size > DIRECT_BUFFER_MAX) {
            return ByteBuffer.allocate(size);
        }
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(size - 1) << 1);
        }
        return buffer;
    }

    /** Returns once record {@code seq} is forced, per the sync mode. Call without the write lock. */
    void awaitDurable(long seq) throws IOException {
        if (mode == SyncMode.OS) {
            return;
        }
        commit.awaitDurable(seq, mode == SyncMode.EVERY_WRITE, this::forceActive);
    }

    /** Forces the active segment; returns the last record number it covers. Runs excluding rolls. */
    private long forceActive() throws IOException {
        long covered = appended;
        if (!closed) {
            active.channel().force(false);
        }
        // closed: close forced everything, and the channel must not be reopened
        return covered;
    }

    /**
     * On the compactor thread: rolls to a new active segment under both locks, copying the live
     * entries of {@code index}, then, without them, writes those as the base that replaces every
     * older segment.
     *
     * @return whether the log was compacted (true as well if it was closed meanwhile)
     */
    boolean compact(Map<StoreKey, byte[]> index) {
        Segment sealed;
        TreeMap<StoreKey, byte[]> live;
        long sealedBytes;
        long nowDurable = -1;
        commit.exclude();
        writeLock.lock();
        try {
            if (closed) {
                return true;
            }
            sealed = active;
            try {
                if (mode != SyncMode.OS) {
                    sealed.channel().force(false);
                    nowDurable = appended;
                }
                active = Segment.create(dir, sealed.number + 1);
                sealed.close();
            } catch (IOException e) {
                LOG.warn("Kite store {}: could not start a new segment, compaction skipped: {}", dir, e.toString());
                return false;
            }
            live = new TreeMap<>(index);
            sealedBytes = totalBytes;
            totalBytes = active.size;
        } finally {
            writeLock.unlock();
            commit.release(nowDurable);
        }
        long remaining;
        boolean done = true;
        try {
            remaining = Segment.writeBase(dir, sealed.number, live);
        } catch (IOException e) {
            LOG.warn("Kite store {}: compaction failed, keeping the old segments: {}", dir, e.toString());
            remaining = sealedBytes;
            done = false;
        }
        writeLock.lock();
        try {
            totalBytes += remaining;
        } finally {
            writeLock.unlock();
        }
        LOG.debug("Kite store {}: compacted {} bytes to {} ({} entries)", dir, sealedBytes, remaining, live.size());
        return done;
    }

    /**
     * At close, under both locks: forces and closes the active segment.
     *
     * @return the force's failure, or null if everything appended is durable
     */
    IOException close() {
        assert writeLock.isHeldByCurrentThread();
        closed = true;
        IOException failure = null;
        try {
            active.channel().force(false);
        } catch (IOException e) {
            failure = e;
        }
        try {
            active.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", active.path, e.toString());
        }
        return failure;
    }

    /** Returns how many records were appended since the last {@link #start}. */
    long appended() {
        return appended;
    }

    /** Returns the bytes of log on disk. Caller holds the write lock. */
    long bytes() {
        assert writeLock.isHeldByCurrentThread();
        return totalBytes;
    }

    /** Returns the active segment's file, for error messages. */
    Path activePath() {
        return active.path;
    }
}
