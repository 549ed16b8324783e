package dev.kite.mqtt.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Store} in a directory that survives a crash of the process and, in the forcing
 * {@linkplain SyncMode sync modes}, of the machine.
 *
 * <p>Writes go to an append-only log of checksummed records in segment files; {@link #open()}
 * replays the log into memory. Every live value is kept in memory (as {@link MemoryStore} does),
 * so the store needs about the size of the live values plus 100 bytes per entry: entries are
 * in-flight messages and short-lived, and their number is bounded by the client's in-flight window
 * and queue. When at least half of the log is dead, a background thread rewrites the live entries
 * into a new base segment and deletes the old files.
 *
 * <p>{@link #open()} takes an exclusive lock on {@code kite.lock} in the directory: one client
 * per directory, in this or any other process. Every file is created {@code rw-------}, and a
 * directory others can write to is refused (see {@link #open()}). A crash at any moment leaves a directory that
 * opens: a torn or damaged record is logged at WARN with its file and offset and skipped, never
 * thrown. A failed write or force throws {@link UncheckedIOException}; the store stays usable,
 * and the entry of the failed call may or may not have been stored.
 *
 * <pre>{@code
 * Store store = new FileStore(Path.of("/var/lib/myapp/mqtt"));        // SyncMode.BATCHED
 * ClientOptions opts = new ClientOptions().setStore(store);
 * }</pre>
 *
 * <p>Thread-safe. {@code get} and {@code keys} take no lock; {@code put}, {@code delete} and
 * {@code reset} append under one lock and then, per the sync mode, wait for a force.
 *
 * @since 0.1
 */
public final class FileStore implements Store {
    /** Below this many bytes of log, no compaction. */
    private static final long COMPACT_AT_BYTES = 8L << 20;
    private static final byte[] NO_VALUE = new byte[0];

    private final Path dir;
    private final long compactAtBytes;

    /** Guards the active segment's writes, the index updates and the byte counts. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Who forces; a roll to a new segment and a close exclude forces. Taken before writeLock. */
    private final GroupCommit commit = new GroupCommit();
    private final ConcurrentSkipListMap<StoreKey, byte[]> index = new ConcurrentSkipListMap<>();
    /** The segment files: appends, forces, compactions. */
    private final SegmentLog log;

    private volatile boolean open;
    /** Bytes the live entries' records take; guarded by writeLock. */
    private long liveBytes;
    private DirectoryLock lock;
    private Compactor compactor;
    private List<String> warnings = List.of();

    /**
     * Creates a store in {@code dir} that forces writes in batches ({@link SyncMode#BATCHED}).
     * Nothing is touched until {@link #open()}.
     *
     * @param dir the directory; created (mode 0700 where POSIX) if missing, else it must be
     *     writable by its owner only, who must be the user running the client
     */
    public FileStore(Path dir) {
        this(dir, SyncMode.BATCHED);
    }

    /**
     * Creates a store in {@code dir} with the given sync mode. Nothing is touched until {@link #open()}.
     *
     * @param dir the directory; created (mode 0700 where POSIX) if missing, else it must be
     *     writable by its owner only, who must be the user running the client
     * @param mode when writes are forced to the disk
     */
    public FileStore(Path dir, SyncMode mode) {
        this(dir, mode, COMPACT_AT_BYTES);
    }

    FileStore(Path dir, SyncMode mode, long compactAtBytes) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
        this.compactAtBytes = compactAtBytes;
        this.log = new SegmentLog(this.dir, Objects.requireNonNull(mode, "mode"), writeLock, commit);
    }

    /**
     * Locks the directory, replays the log and writes the live entries as a fresh base segment.
     * Damaged records are logged and skipped. Opening an open store does nothing. Whatever it
     * throws, a failed open leaves the directory unlocked.
     *
     * <p>The store publishes what it replays under the client's identity, so where the file system
     * is POSIX it refuses a directory that group or others can write to, or that another user owns
     * (as ssh refuses such a key directory; {@code chmod 700} it), replays only regular files and
     * follows no symbolic link inside the directory.
     *
     * @throws IllegalStateException if another {@code FileStore}, in this or another process, holds the directory
     * @throws UncheckedIOException if the directory cannot be created, locked or read, or is unsafe
     *     (writable by group or others, or owned by another user); the message names the fix
     */
    @Override
    public void open() {
        commit.exclude();
        writeLock.lock();
        try {
            if (open) {
                return;
            }
            lock = DirectoryLock.acquire(dir);
            try {
                recover();
            } catch (IOException e) {
                lock.close();
                throw new UncheckedIOException("could not open Kite store " + dir + ": " + e, e);
            } catch (Throwable t) {
                // an Error too (a value too big for the heap): a lock kept by a store that never
                // opened would refuse every later open of the directory in this process
                lock.close();
                throw t;
            }
            compactor = new Compactor(compactAtBytes, writeLock, () -> log.compact(index), this::maybeCompact);
            open = true;
        } finally {
            writeLock.unlock();
            commit.release(-1);
        }
    }

    private void recover() throws IOException {
        Recovery.Result recovered = Recovery.run(dir, index);
        warnings = recovered.warnings();
        liveBytes = 0;
        index.values().forEach(v -> liveBytes += Record.size(v.length));
        log.start(recovered.newest(), recovered.bytes());
    }

    /**
     * Stores or replaces an entry; returns once the record is written (and forced, per the sync mode).
     *
     * @throws IllegalStateException if the store is not open
     * @throws IllegalArgumentException if the value is larger than an MQTT packet can be (256 MiB)
     * @throws UncheckedIOException if the write or the force failed
     */
    @Override
    public void put(StoreKey key, byte[] packet) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(packet, "packet");
        if (packet.length > Record.MAX_VALUE) {
            throw new IllegalArgumentException("value of " + packet.length + " bytes for " + key
                    + ": larger than the largest MQTT packet (" + Record.MAX_VALUE + " bytes)");
        }
        long seq;
        writeLock.lock();
        try {
            ensureOpen();
            seq = log.append(Record.PUT, key, packet);
            byte[] old = index.put(key, packet);
            liveBytes += Record.size(packet.length) - (old == null ? 0 : Record.size(old.length));
            maybeCompact();
        } finally {
            writeLock.unlock();
        }
        commit(seq);
    }

    /**
     * Returns an entry; takes no lock.
     *
     * @throws IllegalStateException if the store is not open
     */
    @Override
    public byte[] get(StoreKey key) {
        ensureOpen();
        return index.get(key);
    }

    /**
     * Returns the keys, outbound before inbound, each kind by id; takes no lock.
     *
     * @throws IllegalStateException if the store is not open
     */
    @Override
    public List<StoreKey> keys() {
        ensureOpen();
        return new ArrayList<>(index.keySet());
    }

    /**
     * Removes an entry; returns once the removal is written (and forced, per the sync mode).
     * Removing an absent key writes nothing.
     *
     * @throws IllegalStateException if the store is not open
     * @throws UncheckedIOException if the write or the force failed
     */
    @Override
    public void delete(StoreKey key) {
        Objects.requireNonNull(key, "key");
        long seq;
        writeLock.lock();
        try {
            ensureOpen();
            if (!index.containsKey(key)) {
                return;
            }
            seq = log.append(Record.DELETE, key, NO_VALUE);
            byte[] old = index.remove(key);
            liveBytes -= Record.size(old.length);
            maybeCompact();
        } finally {
            writeLock.unlock();
        }
        commit(seq);
    }

    /**
     * Removes every entry; returns once that is written (and forced, per the sync mode).
     *
     * @throws IllegalStateException if the store is not open
     * @throws UncheckedIOException if the write or the force failed
     */
    @Override
    public void reset() {
        long seq;
        writeLock.lock();
        try {
            ensureOpen();
            if (index.isEmpty()) {
                return;
            }
            seq = log.append(Record.RESET, StoreKey.outbound(0), NO_VALUE);
            index.clear();
            liveBytes = 0;
            maybeCompact();
        } finally {
            writeLock.unlock();
        }
        commit(seq);
    }

    /**
     * Waits for a running compaction, forces the log, closes the files and releases the directory
     * lock. The store may be opened again. Closing a closed store does nothing.
     *
     * @throws UncheckedIOException if the final force failed (the files are closed and the lock released anyway)
     */
    @Override
    public void close() {
        Compactor running;
        writeLock.lock();
        try {
            if (!open) {
                return;
            }
            running = compactor;
        } finally {
            writeLock.unlock();
        }
        running.shutdown();
        IOException failure = null;
        commit.exclude();
        writeLock.lock();
        try {
            if (!open) {
                return;
            }
            open = false;
            failure = log.close();
            lock.close();
        } finally {
            writeLock.unlock();
            commit.release(failure == null ? log.appended() : -1);
        }
        if (failure != null) {
            throw new UncheckedIOException("could not force Kite store " + log.activePath() + " at close: "
                    + failure.getMessage(), failure);
        }
    }

    /** Problems found by the last {@link #open()}, one line each; empty if the log was clean. */
    List<String> recoveryWarnings() {
        return warnings;
    }

    /** How many times callers forced the log since this instance was created: shows group commit at work. */
    long forces() {
        return commit.forces();
    }

    /** Runs a compaction now, after any running one, and waits for it. For tests. */
    void compactNow() {
        writeLock.lock();
        try {
            ensureOpen();
            compactor.startAfterCurrent();
        } finally {
            writeLock.unlock();
        }
        compactor.await();
    }

    /** Waits until no compaction runs. For tests. */
    void awaitCompaction() {
        compactor.await();
    }

    /** Returns once record {@code seq} is forced, per the sync mode. */
    private void commit(long seq) {
        try {
            log.awaitDurable(seq);
        } catch (IOException e) {
            // after a failed fsync the kernel may have dropped the dirty pages: rewrite from memory
            writeLock.lock();
            try {
                compactor.start();
            } finally {
                writeLock.unlock();
            }
            throw new UncheckedIOException("could not force Kite store " + log.activePath() + " to disk: " + e, e);
        }
    }

    /** Starts a compaction when the log is big enough and at least half of it is dead. Caller holds writeLock. */
    private void maybeCompact() {
        assert writeLock.isHeldByCurrentThread();
        if (open && compactor.due(log.bytes(), liveBytes)) {
            compactor.start();
        }
    }

    private void ensureOpen() {
        if (!open) {
            throw new IllegalStateException("Kite store " + dir + " is not open");
        }
    }
}
