package dev.kite.mqtt.store;

import static dev.kite.mqtt.store.FileStoreTest.contents;
import static dev.kite.mqtt.store.FileStoreTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link FileStore#open()} makes of a log damaged by a crash or a bad disk: it always opens. */
class FileStoreRecoveryTest {
    @TempDir
    Path tmp;

    private static final Map<StoreKey, String> FIRST_TWO = Map.of(
            StoreKey.outbound(1), "first " + "a".repeat(40), StoreKey.inbound(2), "second");

    @Test
    void aTornLastRecordIsCutOffAtEveryByteAndEarlierRecordsAreKept() throws IOException {
        Path dir = tmp.resolve("written");
        FileStore store = new FileStore(dir, SyncMode.OS);
        store.open();
        FIRST_TWO.forEach((k, v) -> store.put(k, value(v)));
        Path segment = Segment.path(dir.toAbsolutePath(), 1);
        int lastStart = (int) Files.size(segment);
        store.put(StoreKey.outbound(3), value("third " + "c".repeat(100)));
        int lastEnd = (int) Files.size(segment);
        store.close();
        byte[] log = Files.readAllBytes(segment);
        assertThat(log).hasSize(lastEnd);

        for (int cut = lastStart; cut < lastEnd; cut++) {
            Path torn = tmp.resolve("cut" + cut);
            Files.createDirectories(torn);
            Path file = Segment.path(torn.toAbsolutePath(), 1);
            Files.write(file, Arrays.copyOf(log, cut));

            FileStore reopened = new FileStore(torn, SyncMode.OS);
            reopened.open();
            assertThat(contents(reopened)).as("cut at %d", cut).isEqualTo(FIRST_TWO);
            if (cut == lastStart) {
                assertThat(reopened.recoveryWarnings()).isEmpty();
            } else {
                assertThat(reopened.recoveryWarnings()).singleElement().asString()
                        .contains(file.toString()).contains("torn record at offset " + lastStart);
            }
            reopened.close();

            FileStore again = new FileStore(torn, SyncMode.OS);
            again.open();
            assertThat(again.recoveryWarnings()).as("the tail was cut off").isEmpty();
            assertThat(contents(again)).isEqualTo(FIRST_TWO);
            again.close();
        }
    }

    @Test
    void aFlippedByteInAMiddleRecordIsSkippedAndLaterRecordsAreKept() throws IOException {
        Path dir = tmp.resolve("store");
        FileStore store = new FileStore(dir, SyncMode.OS);
        store.open();
        store.put(StoreKey.outbound(1), value("one"));
        Path segment = Segment.path(dir.toAbsolutePath(), 1);
        int middle = (int) Files.size(segment);
        store.put(StoreKey.outbound(2), value("two, to be damaged"));
        store.put(StoreKey.outbound(3), value("three"));
        store.delete(StoreKey.outbound(1));
        store.close();
        byte[] log = Files.readAllBytes(segment);
        log[middle + Record.HEADER + Record.FIXED + 4] ^= 0x01;
        Files.write(segment, log);

        FileStore reopened = new FileStore(dir, SyncMode.OS);
        reopened.open();
        assertThat(contents(reopened)).isEqualTo(Map.of(StoreKey.outbound(3), "three"));
        assertThat(reopened.recoveryWarnings()).singleElement().asString()
                .contains(segment.toString()).contains("CRC mismatch").contains("offset " + middle);
        reopened.close();
    }

    @Test
    void anImplausibleLengthStopsReadingThatSegmentButNotTheNext() throws IOException {
        Path dir = tmp.resolve("store");
        Files.createDirectories(dir);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        first.write(header());
        first.write(record(Record.PUT, StoreKey.outbound(1), "kept"));
        int damaged = first.size();
        first.write(ByteBuffer.allocate(8).putInt(-5).putInt(0).array());
        first.write(record(Record.PUT, StoreKey.outbound(2), "unreachable"));
        Path one = Segment.path(dir.toAbsolutePath(), 1);
        Files.write(one, first.toByteArray());
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        second.write(header());
        second.write(record(Record.PUT, StoreKey.inbound(3), "in the next segment"));
        Files.write(Segment.path(dir.toAbsolutePath(), 2), second.toByteArray());

        FileStore store = new FileStore(dir);
        store.open();
        assertThat(contents(store)).isEqualTo(Map.of(
                StoreKey.outbound(1), "kept", StoreKey.inbound(3), "in the next segment"));
        assertThat(store.recoveryWarnings()).singleElement().asString()
                .contains(one.toString()).contains("implausible record length -5 at offset " + damaged);
        store.close();
    }

    @Test
    void aSparseSegmentDeclaringAHugeRecordOpensInASmallHeapWithTheRecordsBeforeIt() throws Exception {
        // 200 MiB declared, a few bytes on disk: reading it must not allocate by the declared length
        Path dir = Files.createDirectory(tmp.resolve("store"));
        Path segment = Segment.path(dir.toAbsolutePath(), 1);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.write(header());
        log.write(record(Record.PUT, StoreKey.outbound(1), "kept"));
        log.write(record(Record.PUT, StoreKey.inbound(2), "kept too"));
        int damaged = log.size();
        Files.write(segment, log.toByteArray());
        appendSparsePut(segment, StoreKey.outbound(3), 200 << 20, false);

        ChildJvm.Result child = ChildJvm.run(tmp, List.of("-Xmx64m"), StoreChild.class, "open", dir.toString());

        assertThat(child.out()).as("child's stderr: %s", child.err())
                .startsWith("OPENED [" + StoreKey.outbound(1) + ", " + StoreKey.inbound(2) + "]")
                .contains("CRC mismatch in the record at offset " + damaged);
        assertThat(child.exitCode()).isZero();
    }

    @Test
    void manyDamagedRecordsInASegmentMakeOneWarning() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("store"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.write(header());
        log.write(record(Record.PUT, StoreKey.outbound(1), "kept"));
        int firstDamaged = log.size();
        for (int id = 2; id <= 4; id++) {
            byte[] r = record(Record.PUT, StoreKey.outbound(id), "damaged");
            r[r.length - 1] ^= 0x01;
            log.write(r);
        }
        log.write(record(Record.PUT, StoreKey.outbound(5), "kept after"));
        Path segment = Segment.path(dir.toAbsolutePath(), 1);
        Files.write(segment, log.toByteArray());

        FileStore store = new FileStore(dir);
        store.open();
        assertThat(contents(store)).isEqualTo(Map.of(StoreKey.outbound(1), "kept", StoreKey.outbound(5), "kept after"));
        assertThat(store.recoveryWarnings()).singleElement().asString()
                .contains(segment.toString()).contains("CRC mismatch in the record at offset " + firstDamaged)
                .contains("2 more");
        store.close();
    }

    @Test
    void aGarbageFileOpensEmptyWithAWarning() throws IOException {
        Path dir = tmp.resolve("store");
        Files.createDirectories(dir);
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        Path file = Segment.path(dir.toAbsolutePath(), 1);
        Files.write(file, garbage);

        FileStore store = new FileStore(dir);
        store.open();
        assertThat(store.keys()).isEmpty();
        assertThat(store.recoveryWarnings()).singleElement().asString()
                .contains(file.toString()).contains("not a Kite store segment");
        store.put(StoreKey.outbound(1), value("after"));
        store.close();

        FileStore again = new FileStore(dir);
        again.open();
        assertThat(contents(again)).isEqualTo(Map.of(StoreKey.outbound(1), "after"));
        assertThat(again.recoveryWarnings()).isEmpty();
        again.close();
    }

    @Test
    void garbageAfterAValidHeaderOpensEmptyWithWarnings() throws IOException {
        Path dir = tmp.resolve("store");
        Files.createDirectories(dir);
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        System.arraycopy(header(), 0, garbage, 0, Segment.FILE_HEADER);
        Files.write(Segment.path(dir.toAbsolutePath(), 1), garbage);

        FileStore store = new FileStore(dir);
        store.open();
        assertThat(store.keys()).isEmpty();
        assertThat(store.recoveryWarnings()).isNotEmpty();
        store.close();
    }

    @Test
    void aSegmentTooShortForItsHeaderIsIgnored() throws IOException {
        Path dir = tmp.resolve("store");
        Files.createDirectories(dir);
        Files.write(Segment.path(dir.toAbsolutePath(), 1), new byte[] {'K', 'I'});

        FileStore store = new FileStore(dir);
        store.open();
        assertThat(store.keys()).isEmpty();
        assertThat(store.recoveryWarnings()).singleElement().asString().contains("too short");
        store.close();
    }

    @Test
    void aLeftoverCompactionFileIsDeleted() throws IOException {
        Path dir = tmp.resolve("store");
        Files.createDirectories(dir);
        Path leftover = dir.resolve("0000000000000001.seg.tmp");
        Files.write(leftover, header());

        FileStore store = new FileStore(dir);
        store.open();
        assertThat(leftover).doesNotExist();
        assertThat(store.recoveryWarnings()).isEmpty();
        store.close();
    }

    @Test
    void aCompactionInterruptedBeforeTheOldSegmentsWereDeletedReplaysToTheSameState() throws IOException {
        // killed after the base replaced segment 2 but before segment 1 was deleted: outbound 1 was
        // deleted in the old segment 2, so only the base's RESET keeps segment 1 from resurrecting it
        Path dir = tmp.resolve("store").toAbsolutePath();
        Files.createDirectories(dir);
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        old.write(header());
        old.write(record(Record.PUT, StoreKey.outbound(1), "acknowledged, then deleted"));
        old.write(record(Record.PUT, StoreKey.outbound(2), "b"));
        Files.write(Segment.path(dir, 1), old.toByteArray());
        ByteArrayOutputStream base = new ByteArrayOutputStream();
        base.write(header());
        base.write(record(Record.RESET, StoreKey.outbound(0), ""));
        base.write(record(Record.PUT, StoreKey.outbound(2), "b"));
        base.write(record(Record.PUT, StoreKey.outbound(3), "c"));
        Files.write(Segment.path(dir, 2), base.toByteArray());
        ByteArrayOutputStream active = new ByteArrayOutputStream();
        active.write(header());
        active.write(record(Record.PUT, StoreKey.inbound(4), "d"));
        active.write(record(Record.DELETE, StoreKey.outbound(3), ""));
        Files.write(Segment.path(dir, 3), active.toByteArray());

        FileStore store = new FileStore(dir);
        store.open();
        assertThat(contents(store)).isEqualTo(Map.of(StoreKey.outbound(2), "b", StoreKey.inbound(4), "d"));
        assertThat(store.recoveryWarnings()).isEmpty();
        store.close();
        assertThat(Segment.path(dir, 1)).doesNotExist();
    }

    /**
     * Appends a PUT whose value is {@code valueLength} zeros without writing them: the file gets a
     * hole, so a record of hundreds of MiB costs a few bytes of disk. With {@code rightCrc} false the
     * record's CRC is wrong, as in a damaged file.
     */
    static void appendSparsePut(Path file, StoreKey key, int valueLength, boolean rightCrc) throws IOException {
        int length = Record.FIXED + valueLength;
        ByteBuffer head = ByteBuffer.allocate(Record.HEADER + Record.FIXED)
                .putInt(length).putInt(0).put((byte) key.kind().ordinal()).putLong(key.id()).put(Record.PUT);
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, 4);
        crc.update(head.array(), Record.HEADER, Record.FIXED);
        byte[] zeros = new byte[1 << 20];
        for (int left = valueLength; left > 0; left -= zeros.length) {
            crc.update(zeros, 0, Math.min(left, zeros.length));
        }
        head.putInt(4, rightCrc ? (int) crc.getValue() : ~(int) crc.getValue());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long at = out.size();
            out.write(head.flip(), at);
            out.write(ByteBuffer.allocate(1), at + Record.HEADER + length - 1);
        }
    }

    static byte[] header() {
        return ByteBuffer.allocate(Segment.FILE_HEADER).putInt(Segment.MAGIC).putInt(Segment.VERSION).array();
    }

    static byte[] record(byte op, StoreKey key, String value) {
        byte[] v = value(value);
        ByteBuffer buf = ByteBuffer.allocate(Record.size(v.length));
        Record.encode(buf, op, key, v);
        return buf.array();
    }
}
