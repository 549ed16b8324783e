package dev.kite.mqtt.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive lock of a store directory: {@link FileChannel#tryLock()} on {@code kite.lock},
 * which the operating system releases when the process dies, however it dies. The file itself
 * is never deleted (deleting a lock file lets two processes lock two different files).
 */
final class DirectoryLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);
    static final String FILE = "kite.lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if missing (0700 where POSIX) and locks it.
     *
     * @throws IllegalStateException if another store, in this process or another, holds the lock
     * @throws UncheckedIOException if the directory cannot be created or the lock file opened
     */
    static DirectoryLock acquire(Path dir) {
        FileChannel channel;
        try {
            if (!Files.isDirectory(dir)) {
                if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create or lock Kite store " + dir + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another FileStore in this JVM
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("could not lock Kite store " + dir + ": " + e, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException("Kite store " + dir + " is locked: another client holds it (lock file "
                    + dir.resolve(FILE) + "); a store directory serves one client at a time");
        }
        return new DirectoryLock(dir, channel, lock);
    }

    /** Releases the lock and closes the lock file. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing the lock of {}: {}", dir, e.toString());
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a lock file: {}", e.toString());
        }
    }
}
