package dev.kite.mqtt.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file of a {@link FileStore}'s log, named by its number in 16 hex digits ({@code
 * 000000000000002a.seg}), replayed in number order. A file starts with an 8-byte header (magic
 * {@code KITE}, format version 1) and continues with {@link Record}s. A base segment, written by a
 * compaction, starts with a RESET record and holds one PUT per live entry.
 */
final class Segment {
    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);

    static final int MAGIC = 0x4B495445;
    static final int VERSION = 1;
    static final int FILE_HEADER = 8;
    private static final String SUFFIX = ".seg";
    private static final String TMP_SUFFIX = ".tmp";
    private static final int BASE_BUFFER = 1 << 20;

    final long number;
    final Path path;
    /** Guards reopening: an append and a force may both find the channel closed. */
    private final ReentrantLock reopen = new ReentrantLock();
    private volatile FileChannel channel;
    /** Bytes of whole records written (the next record's offset); guarded by the store's write lock. */
    long size;

    private Segment(long number, Path path, FileChannel channel, long size) {
        this.number = number;
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    static Path path(Path dir, long number) {
        return dir.resolve(String.format("%016x%s", number, SUFFIX));
    }

    /**
     * Returns the numbers of the segments in the directory, in order, and deletes leftover
     * temporary files. Only regular files count: an entry with a segment's name that is a symbolic
     * link, a directory or a special file was not written by a store, is left alone and added to
     * {@code skipped}.
     */
    static List<Long> list(Path dir, List<Path> skipped) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(TMP_SUFFIX)) {
                    // an unfinished compaction: the segments it would have replaced are all still there
                    deleteTemporary(file, skipped);
                } else if (name.length() == 16 + SUFFIX.length() && name.endsWith(SUFFIX)) {
                    long number;
                    try {
                        number = Long.parseUnsignedLong(name.substring(0, 16), 16);
                    } catch (NumberFormatException e) {
                        LOG.debug("ignoring {}: not a segment name", file);
                        continue;
                    }
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        numbers.add(number);
                    } else {
                        skipped.add(file);
                    }
                }
            }
        }
        Collections.sort(numbers);
        return numbers;
    }

    /** Deletes a temporary file; a symbolic link is deleted as a link, a directory is left alone. */
    private static void deleteTemporary(Path file, List<Path> skipped) throws IOException {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            skipped.add(file);
        } else {
            Files.deleteIfExists(file);
        }
    }

    /** Creates a new, empty segment (header only) and makes its directory entry durable. */
    static Segment create(Path dir, long number) throws IOException {
        Path path = path(dir, number);
        FileChannel channel = StoreFiles.createNew(path);
        try {
            ByteBuffer header = ByteBuffer.allocate(FILE_HEADER).putInt(MAGIC).putInt(VERSION).flip();
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
            channel.force(true);
            forceDirectory(dir);
            return new Segment(number, path, channel, FILE_HEADER);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The channel to append to; reopened if it was closed under us (a thread interrupted in a
     * write or force closes a {@link FileChannel}), so that one interrupt does not break the store.
     */
    FileChannel channel() throws IOException {
        FileChannel c = channel;
        if (c.isOpen()) {
            return c;
        }
        reopen.lock();
        try {
            if (!channel.isOpen()) {
                LOG.debug("reopening {} after its channel was closed", path);
                channel = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            }
            return channel;
        } finally {
            reopen.unlock();
        }
    }

    void close() throws IOException {
        reopen.lock();
        try {
            channel.close();
        } finally {
            reopen.unlock();
        }
    }

    /**
     * Writes the entries as the base segment {@code number}, replacing that file atomically: to a
     * temporary file, forced, renamed over it, directory forced. Every earlier segment is then
     * deleted; they are redundant, since the base starts with a RESET.
     *
     * @return the size of the base segment
     */
    static long writeBase(Path dir, long number, Map<StoreKey, byte[]> entries) throws IOException {
        Path target = path(dir, number);
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        long pos = 0;
        // a stale file from an interrupted compaction; a planted link goes as a link, never followed
        Files.deleteIfExists(tmp);
        try (FileChannel out = StoreFiles.createNew(tmp)) {
            ByteBuffer buf = ByteBuffer.allocate(BASE_BUFFER);
            buf.putInt(MAGIC).putInt(VERSION);
            ByteBuffer record = ByteBuffer.allocate(Record.size(0));
            Record.encode(record, Record.RESET, StoreKey.outbound(0), new byte[0]);
            buf.put(record);
            for (Map.Entry<StoreKey, byte[]> e : entries.entrySet()) {
                int size = Record.size(e.getValue().length);
                if (buf.remaining() < size) {
                    pos = drain(out, buf.flip(), pos);
                    buf.clear();
                }
                if (size > buf.capacity()) {
                    record = ByteBuffer.allocate(size);
                    Record.encode(record, Record.PUT, e.getKey(), e.getValue());
                    pos = drain(out, record, pos);
                } else {
                    record = buf.slice(buf.position(), size);
                    Record.encode(record, Record.PUT, e.getKey(), e.getValue());
                    buf.position(buf.position() + size);
                }
            }
            pos = drain(out, buf.flip(), pos);
            out.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
        for (long older : list(dir, new ArrayList<>())) {
            if (older < number) {
                Files.deleteIfExists(path(dir, older));
            }
        }
        return pos;
    }

    private static long drain(FileChannel out, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            pos += out.write(buf, pos);
        }
        return pos;
    }

    /** Makes renames and new files in the directory durable, where the platform allows it. */
    static void forceDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            // Windows cannot open a directory; its rename is durable without this
            LOG.debug("cannot open directory {} to force it: {}", dir, e.toString());
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }
}
