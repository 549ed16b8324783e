package dev.kite.mqtt.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

/**
 * Replays one segment file, record by record, and copes with what a crash or a bad disk leaves:
 * a torn last record is cut off (in the newest segment; ignored in older ones), a record whose CRC
 * does not match is skipped when its length is plausible, and reading stops at a length that is
 * not. Problems are never thrown; each segment's are logged once at WARN, the first with its file
 * and offset and a count of the rest (each of which is logged at DEBUG).
 *
 * <p>Memory is bounded by what a record can really be, not by what a file declares: a length
 * must be plausible ({@link Record#plausibleLength}) and fit in the file, and a record larger
 * than the reading buffer has its CRC checked in chunks before it is allocated. The file's size
 * alone is no bound, since a sparse file of a few KiB can report hundreds of MiB.
 */
final class SegmentReader {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentReader.class);
    /** Records up to this size are read into one reused buffer; larger ones are first checked in chunks of it. */
    private static final int BUFFER = 64 << 10;

    private final Path file;
    private final List<String> warnings;
    private String firstProblem;
    private int problems;

    private SegmentReader(Path file, List<String> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /**
     * Replays a segment into an index of the entries.
     *
     * @param newest whether this is the newest segment, the only one whose torn tail is truncated
     * @param warnings receives a line for the problems found
     * @throws IOException if the file cannot be read at all
     */
    static void replay(Path file, boolean newest, Map<StoreKey, byte[]> index, List<String> warnings) throws IOException {
        new SegmentReader(file, warnings).replay(newest, index);
    }

    private void replay(boolean newest, Map<StoreKey, byte[]> index) throws IOException {
        long end;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            end = read(in, index);
        } finally {
            report();
        }
        if (end >= 0 && newest) {
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.truncate(end);
                out.force(true);
            }
        }
    }

    /** Reads every record; returns the offset to truncate a torn tail at, or -1 if nothing is torn. */
    private long read(FileChannel in, Map<StoreKey, byte[]> index) throws IOException {
        long size = in.size();
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        if (size < Segment.FILE_HEADER) {
            problem("Kite store {}: {} bytes, too short for a segment header: ignored", file, size);
            return -1;
        }
        readFully(in, buf.clear().limit(Segment.FILE_HEADER), 0);
        if (buf.getInt(0) != Segment.MAGIC || buf.getInt(4) != Segment.VERSION) {
            problem("Kite store {}: not a Kite store segment of version {} (header {}): ignored",
                    file, Segment.VERSION, String.format("%08x%08x", buf.getInt(0), buf.getInt(4)));
            return -1;
        }
        long pos = Segment.FILE_HEADER;
        while (pos < size) {
            if (size - pos < Record.HEADER) {
                return torn(pos, size);
            }
            readFully(in, buf.clear().limit(Record.HEADER), pos);
            int length = buf.getInt(0);
            int crc = buf.getInt(4);
            if (!Record.plausibleLength(length)) {
                problem("Kite store {}: implausible record length {} at offset {}: stopped reading this segment",
                        file, length, pos);
                return -1;
            }
            long next = pos + Record.HEADER + length;
            if (next > size) {
                return torn(pos, size);
            }
            ByteBuffer record = readRecord(in, buf, pos, length, crc);
            if (record == null) {
                problem("Kite store {}: CRC mismatch in the record at offset {} ({} bytes): skipped", file, pos, length);
            } else {
                apply(record, length, pos, index);
            }
            pos = next;
        }
        return -1;
    }

    /**
     * Returns the record at {@code pos}, whose header is in {@code buf}, read whole; null if its CRC
     * does not match. A record larger than {@code buf} is allocated only once its CRC, computed
     * chunk by chunk in {@code buf}, matches, and its CRC is checked again on what was kept.
     */
    private static ByteBuffer readRecord(FileChannel in, ByteBuffer buf, long pos, int length, int crc)
            throws IOException {
        int total = Record.HEADER + length;
        if (total <= buf.capacity()) {
            readFully(in, buf.limit(total).position(Record.HEADER), pos + Record.HEADER);
            return Record.crc(buf, length) == crc ? buf : null;
        }
        CRC32C streamed = new CRC32C();
        streamed.update(buf.duplicate().position(0).limit(4));
        for (long at = pos + Record.HEADER, end = pos + total; at < end; ) {
            int n = (int) Math.min(buf.capacity(), end - at);
            readFully(in, buf.clear().limit(n), at);
            streamed.update(buf.flip());
            at += n;
        }
        if ((int) streamed.getValue() != crc) {
            return null;
        }
        ByteBuffer whole = ByteBuffer.allocate(total);
        readFully(in, whole, pos);
        return Record.crc(whole, length) == crc ? whole : null;
    }

    private void apply(ByteBuffer buf, int length, long pos, Map<StoreKey, byte[]> index) {
        int kind = buf.get(Record.HEADER);
        long id = buf.getLong(Record.HEADER + 1);
        byte op = buf.get(Record.HEADER + 9);
        if (kind < 0 || kind >= StoreKey.Kind.values().length) {
            problem("Kite store {}: unknown kind {} in the record at offset {}: skipped", file, kind, pos);
            return;
        }
        StoreKey key = new StoreKey(StoreKey.Kind.values()[kind], id);
        switch (op) {
            case Record.PUT -> {
                byte[] value = new byte[length - Record.FIXED];
                buf.get(Record.HEADER + Record.FIXED, value);
                index.put(key, value);
            }
            case Record.DELETE -> index.remove(key);
            case Record.RESET -> index.clear();
            default -> problem("Kite store {}: unknown op {} in the record at offset {}: skipped", file, op, pos);
        }
    }

    private long torn(long pos, long size) {
        problem("Kite store {}: torn record at offset {} ({} bytes before the end of the file): cut off",
                file, pos, size - pos);
        return pos;
    }

    /** Notes a problem: the first is reported at the end of the segment, the others counted and logged at DEBUG. */
    private void problem(String format, Object... args) {
        String line = MessageFormatter.arrayFormat(format, args).getMessage();
        if (problems++ == 0) {
            firstProblem = line;
        } else {
            LOG.debug("{}", line);
        }
    }

    /** Logs the segment's problems once: damage repeats itself, and a WARN per record would flood the log. */
    private void report() {
        if (problems == 0) {
            return;
        }
        String line = problems == 1 ? firstProblem
                : firstProblem + " (and " + (problems - 1) + " more problems in this segment, logged at DEBUG)";
        LOG.warn("{}", line);
        warnings.add(line);
    }

    private static void readFully(FileChannel in, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = in.read(buf, pos);
            if (n < 0) {
                throw new EOFException("unexpected end of file at offset " + pos);
            }
            pos += n;
        }
    }
}
