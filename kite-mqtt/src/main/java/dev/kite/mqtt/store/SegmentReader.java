package dev.kite.mqtt.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

/**
 * Replays one segment file, record by record, and copes with what a crash or a bad disk leaves:
 * a torn last record is cut off (in the newest segment; ignored in older ones), a record whose CRC
 * does not match is skipped when its length is plausible, and reading stops at a length that is
 * not. Each problem is logged at WARN with the file and offset, and never thrown.
 */
final class SegmentReader {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentReader.class);

    private final Path file;
    private final List<String> warnings;

    private SegmentReader(Path file, List<String> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /**
     * Replays a segment into an index of the entries.
     *
     * @param newest whether this is the newest segment, the only one whose torn tail is truncated
     * @param warnings receives a line per problem found
     * @throws IOException if the file cannot be read at all
     */
    static void replay(Path file, boolean newest, Map<StoreKey, byte[]> index, List<String> warnings) throws IOException {
        new SegmentReader(file, warnings).replay(newest, index);
    }

    private void replay(boolean newest, Map<StoreKey, byte[]> index) throws IOException {
        long end;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            end = read(in, index);
        }
        if (end >= 0 && newest) {
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                out.truncate(end);
                out.force(true);
            }
        }
    }

    /** Reads every record; returns the offset to truncate a torn tail at, or -1 if nothing is torn. */
    private long read(FileChannel in, Map<StoreKey, byte[]> index) throws IOException {
        long size = in.size();
        ByteBuffer buf = ByteBuffer.allocate(Math.max(Segment.FILE_HEADER, Record.size(4096)));
        if (size < Segment.FILE_HEADER) {
            warn("Kite store {}: {} bytes, too short for a segment header: ignored", file, size);
            return -1;
        }
        readFully(in, buf.clear().limit(Segment.FILE_HEADER), 0);
        if (buf.getInt(0) != Segment.MAGIC || buf.getInt(4) != Segment.VERSION) {
            warn("Kite store {}: not a Kite store segment of version {} (header {}): ignored",
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
            if (!Record.plausibleLength(length)) {
                warn("Kite store {}: implausible record length {} at offset {}: stopped reading this segment",
                        file, length, pos);
                return -1;
            }
            long next = pos + Record.HEADER + length;
            if (next > size) {
                return torn(pos, size);
            }
            if (buf.capacity() < Record.HEADER + length) {
                buf = ByteBuffer.allocate(Record.HEADER + length).put(buf.flip());
            }
            readFully(in, buf.limit(Record.HEADER + length).position(Record.HEADER), pos + Record.HEADER);
            if (Record.crc(buf, length) != buf.getInt(4)) {
                warn("Kite store {}: CRC mismatch in the record at offset {} ({} bytes): skipped", file, pos, length);
            } else {
                apply(buf, length, pos, index);
            }
            pos = next;
        }
        return -1;
    }

    private void apply(ByteBuffer buf, int length, long pos, Map<StoreKey, byte[]> index) {
        int kind = buf.get(Record.HEADER);
        long id = buf.getLong(Record.HEADER + 1);
        byte op = buf.get(Record.HEADER + 9);
        if (kind < 0 || kind >= StoreKey.Kind.values().length) {
            warn("Kite store {}: unknown kind {} in the record at offset {}: skipped", file, kind, pos);
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
            default -> warn("Kite store {}: unknown op {} in the record at offset {}: skipped", file, op, pos);
        }
    }

    private long torn(long pos, long size) {
        warn("Kite store {}: torn record at offset {} ({} bytes before the end of the file): cut off",
                file, pos, size - pos);
        return pos;
    }

    private void warn(String format, Object... args) {
        LOG.warn(format, args);
        warnings.add(MessageFormatter.arrayFormat(format, args).getMessage());
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
