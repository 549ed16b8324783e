package dev.kite.mqtt.store;

import static dev.kite.mqtt.store.FileStoreTest.contents;
import static dev.kite.mqtt.store.FileStoreTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction rewrites exactly the live entries and drops the rest of the log. */
class FileStoreCompactionTest {
    @TempDir
    Path tmp;

    @Test
    void compactionKeepsExactlyTheLiveEntriesAndSurvivesReopen() throws IOException {
        Path dir = tmp.resolve("store");
        FileStore store = new FileStore(dir);
        store.open();
        Map<StoreKey, String> expected = new TreeMap<>();
        for (int i = 1; i <= 200; i++) {
            String v = "publish " + i + " " + "p".repeat(100);
            store.put(StoreKey.outbound(i), value(v));
            expected.put(StoreKey.outbound(i), v);
        }
        for (int i = 2; i <= 200; i += 2) {
            store.delete(StoreKey.outbound(i));
            expected.remove(StoreKey.outbound(i));
        }
        for (int i = 5; i <= 200; i += 10) {
            store.put(StoreKey.outbound(i), value("pubrel " + i));
            expected.put(StoreKey.outbound(i), "pubrel " + i);
        }
        for (int i = 1; i <= 10; i++) {
            store.put(StoreKey.inbound(i), value("r"));
            expected.put(StoreKey.inbound(i), "r");
        }
        store.delete(StoreKey.inbound(3));
        expected.remove(StoreKey.inbound(3));
        long logBefore = logBytes(dir);

        store.compactNow();

        assertThat(contents(store)).isEqualTo(expected);
        List<Path> segments = segments(dir);
        assertThat(segments).hasSize(2);
        long live = expected.values().stream().mapToLong(v -> Record.size(value(v).length)).sum();
        assertThat(Files.size(segments.get(0)))
                .as("header, RESET, one PUT per live entry")
                .isEqualTo(Segment.FILE_HEADER + Record.size(0) + live);
        assertThat(logBytes(dir)).isLessThan(logBefore);
        store.put(StoreKey.outbound(1000), value("after compaction"));
        expected.put(StoreKey.outbound(1000), "after compaction");
        store.close();

        FileStore again = new FileStore(dir);
        again.open();
        assertThat(contents(again)).isEqualTo(expected);
        assertThat(again.recoveryWarnings()).isEmpty();
        again.close();
    }

    @Test
    void aShortLivedStreamIsCompactedInTheBackground() throws IOException {
        Path dir = tmp.resolve("store");
        FileStore store = new FileStore(dir, SyncMode.OS, 8 << 10);
        store.open();
        byte[] payload = new byte[200];
        for (int i = 1; i <= 5000; i++) {
            store.put(StoreKey.outbound(i), payload);
            if (i > 3) {
                store.delete(StoreKey.outbound(i - 3));
            }
        }
        store.awaitCompaction();

        assertThat(store.keys()).containsExactly(
                StoreKey.outbound(4998), StoreKey.outbound(4999), StoreKey.outbound(5000));
        assertThat(logBytes(dir)).as("5000 puts of 200 bytes, compacted").isLessThan(64 << 10);
        assertThat(segments(dir)).hasSizeLessThanOrEqualTo(2);
        store.close();

        FileStore again = new FileStore(dir);
        again.open();
        assertThat(again.keys()).containsExactly(
                StoreKey.outbound(4998), StoreKey.outbound(4999), StoreKey.outbound(5000));
        assertThat(again.get(StoreKey.outbound(5000))).isEqualTo(payload);
        again.close();
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static long logBytes(Path dir) throws IOException {
        long sum = 0;
        for (Path f : segments(dir)) {
            sum += Files.size(f);
        }
        return sum;
    }
}
