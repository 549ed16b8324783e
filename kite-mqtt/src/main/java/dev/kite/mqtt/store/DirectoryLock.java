package dev.kite.mqtt.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive lock of a store directory: {@link FileChannel#tryLock()} on {@code kite.lock},
 * which the operating system releases when the process dies, however it dies. The file itself
 * is never deleted (deleting a lock file lets two processes lock two different files).
 *
 * <p>On POSIX systems the lock belongs to the process, and closing <em>any</em> descriptor of the
 * file drops it: a refused second store in this JVM that opened and closed its own channel on
 * {@code kite.lock} would let another process in while the first store still writes. So the
 * directories this JVM holds are kept in a registry, checked before any channel is opened, and a
 * directory leaves it only after its channel is closed. The registry knows a directory by its
 * file key (device and inode), so a symbolic link or a bind mount to it is the same directory.
 * Code outside Kite must not lock or open {@code kite.lock} in a process that holds the store.
 */
final class DirectoryLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);
    static final String FILE = "kite.lock";
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Object key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path dir, Object key, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if missing ({@code rwx------} where POSIX), checks that it is safe
     * (see {@link StoreFiles#prepareDirectory}) and locks it.
     *
     * @throws IllegalStateException if another store, in this process or another, holds the lock
     * @throws UncheckedIOException if the directory cannot be created or is unsafe, or the lock file cannot be opened
     */
    static DirectoryLock acquire(Path dir) {
        Object key;
        try {
            StoreFiles.prepareDirectory(dir);
            key = key(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create or lock Kite store " + dir + ": " + e.getMessage(), e);
        }
        if (!HELD.add(key)) {
            throw locked(dir);
        }
        try {
            return lock(dir, key);
        } catch (Throwable t) {
            HELD.remove(key);
            throw t;
        }
    }

    private static DirectoryLock lock(Path dir, Object key) {
        FileChannel channel;
        try {
            channel = StoreFiles.openOrCreate(dir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create or lock Kite store " + dir + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // not a Kite store of this JVM (the registry excludes those): code that locked kite.lock itself
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("could not lock Kite store " + dir + ": " + e, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw locked(dir);
        }
        return new DirectoryLock(dir, key, channel, lock);
    }

    /** The directory's identity: its file key where the file system has one, else its real path. */
    private static Object key(Path dir) throws IOException {
        Object fileKey = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
        return fileKey != null ? fileKey : dir.toRealPath();
    }

    private static IllegalStateException locked(Path dir) {
        return new IllegalStateException("Kite store " + dir + " is locked: another client holds it (lock file "
                + dir.resolve(FILE) + "); a store directory serves one client at a time");
    }

    /** Releases the lock, closes the lock file, and only then lets this JVM lock the directory again. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing the lock of {}: {}", dir, e.toString());
        } finally {
            closeQuietly(channel);
            HELD.remove(key);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a lock file: {}", e.toString());
        }
    }
}
