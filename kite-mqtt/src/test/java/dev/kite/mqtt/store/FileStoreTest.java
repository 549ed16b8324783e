package dev.kite.mqtt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link FileStore} beyond the shared contract: durability across instances, locking, threads, handles. */
class FileStoreTest {
    @TempDir
    Path tmp;

    static byte[] value(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything in the store, key by key. */
    static Map<StoreKey, String> contents(Store store) {
        Map<StoreKey, String> out = new TreeMap<>();
        for (StoreKey k : store.keys()) {
            out.put(k, new String(store.get(k), StandardCharsets.UTF_8));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void aNewInstanceSeesWhatWasWritten(SyncMode mode) {
        Path dir = tmp.resolve("store");
        Map<StoreKey, String> expected = new TreeMap<>();
        FileStore store = new FileStore(dir, mode);
        store.open();
        for (int i = 1; i <= 100; i++) {
            store.put(StoreKey.outbound(i), value("publish " + i));
            expected.put(StoreKey.outbound(i), "publish " + i);
        }
        for (int i = 1; i <= 100; i += 3) {
            store.put(StoreKey.outbound(i), value("pubrel " + i));
            expected.put(StoreKey.outbound(i), "pubrel " + i);
        }
        for (int i = 2; i <= 100; i += 2) {
            store.delete(StoreKey.outbound(i));
            expected.remove(StoreKey.outbound(i));
        }
        store.put(StoreKey.inbound(65535), value("receipt"));
        expected.put(StoreKey.inbound(65535), "receipt");
        store.close();

        FileStore again = new FileStore(dir, mode);
        again.open();
        try {
            assertThat(contents(again)).isEqualTo(expected);
            assertThat(again.recoveryWarnings()).isEmpty();
        } finally {
            again.close();
        }
    }

    @Test
    void resetSurvivesReopen() {
        Path dir = tmp.resolve("store");
        FileStore store = new FileStore(dir);
        store.open();
        store.put(StoreKey.outbound(1), value("old"));
        store.put(StoreKey.inbound(1), value("old"));
        store.reset();
        store.put(StoreKey.outbound(2), value("new"));
        store.close();

        FileStore again = new FileStore(dir);
        again.open();
        assertThat(contents(again)).isEqualTo(Map.of(StoreKey.outbound(2), "new"));
        again.close();
    }

    @Test
    void aSecondStoreOnALockedDirectoryFailsNamingIt() {
        Path dir = tmp.resolve("store");
        FileStore first = new FileStore(dir);
        first.open();
        FileStore second = new FileStore(dir);
        try {
            assertThatThrownBy(second::open)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.toAbsolutePath().toString())
                    .hasMessageContaining("another client holds it");
        } finally {
            first.close();
        }
        second.open();
        second.close();
    }

    @Test
    void createsAMissingDirectoryReadableOnlyByItsOwner() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path dir = tmp.resolve("a/b/store");
        FileStore store = new FileStore(dir);
        store.open();
        store.close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void callsOnAClosedStoreThrow() {
        FileStore store = new FileStore(tmp.resolve("store"));
        assertThatThrownBy(() -> store.put(StoreKey.outbound(1), value("x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not open");
        store.open();
        store.close();
        assertThatThrownBy(store::keys).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.delete(StoreKey.outbound(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openingAnOpenStoreDoesNothing() {
        FileStore store = new FileStore(tmp.resolve("store"));
        store.open();
        store.put(StoreKey.outbound(1), value("x"));
        store.open();
        assertThat(contents(store)).containsEntry(StoreKey.outbound(1), "x");
        store.close();
    }

    @Test
    void anInterruptedWriteThrowsAndTheStoreStaysUsable() {
        // an interrupt closes a FileChannel under every thread that shares it
        Path dir = tmp.resolve("store");
        FileStore store = new FileStore(dir);
        store.open();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> store.put(StoreKey.outbound(1), value("lost")))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("could not write to Kite store");
        } finally {
            Thread.interrupted();
        }
        store.put(StoreKey.outbound(2), value("kept"));
        store.close();

        FileStore again = new FileStore(dir);
        again.open();
        assertThat(contents(again)).isEqualTo(Map.of(StoreKey.outbound(2), "kept"));
        again.close();
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void concurrentPutsAndDeletesFromEightThreadsSurviveReopen(SyncMode mode) throws Exception {
        Path dir = tmp.resolve("store");
        int threads = 8;
        int ops = mode == SyncMode.EVERY_WRITE ? 150 : 1500;
        // a small compaction threshold, so that compactions run while the threads write
        FileStore store = new FileStore(dir, mode, 16 << 10);
        store.open();
        Map<StoreKey, String> expected = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                Random random = new Random(thread);
                start.await();
                for (int i = 0; i < ops; i++) {
                    StoreKey key = random.nextInt(4) == 0
                            ? StoreKey.inbound(thread * 100 + random.nextInt(20))
                            : StoreKey.outbound(thread * 1000L + random.nextInt(40));
                    if (random.nextInt(3) == 0) {
                        store.delete(key);
                        expected.remove(key);
                    } else {
                        String v = "t" + thread + " op" + i + " " + "x".repeat(random.nextInt(300));
                        store.put(key, value(v));
                        expected.put(key, v);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(contents(store)).isEqualTo(new TreeMap<>(expected));
        store.close();

        FileStore again = new FileStore(dir, mode);
        again.open();
        try {
            assertThat(contents(again)).isEqualTo(new TreeMap<>(expected));
            assertThat(again.recoveryWarnings()).isEmpty();
        } finally {
            again.close();
        }
    }

    @Test
    void aThousandOpenCloseCyclesLeaveNoOpenDescriptors() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        Path dir = tmp.resolve("store");
        // warm up: class loading and the JDK's own descriptors
        FileStore warm = new FileStore(dir, SyncMode.OS);
        warm.open();
        warm.put(StoreKey.outbound(0), value("warm"));
        warm.close();
        assertThat(countInto(fds, dir)).as("descriptors into the store after the warm-up").isZero();

        for (int i = 1; i <= 1000; i++) {
            FileStore store = new FileStore(dir, SyncMode.OS);
            store.open();
            store.put(StoreKey.outbound(i), value("cycle " + i));
            store.delete(StoreKey.outbound(i - 1));
            store.close();
        }

        // only descriptors into the store directory: other threads of this JVM (Surefire's, the
        // JIT's) open and close their own while the loop runs
        assertThat(countInto(fds, dir)).as("descriptors into the store after 1,000 cycles").isZero();
        FileStore last = new FileStore(dir, SyncMode.OS);
        last.open();
        assertThat(contents(last)).isEqualTo(Map.of(StoreKey.outbound(1000), "cycle 1000"));
        last.close();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.count()).as("lock file, base segment, active segment").isEqualTo(3);
        }
    }

    /** Counts this process's open descriptors whose target lies in {@code dir}. */
    private static long countInto(Path fds, Path dir) throws IOException {
        Path real = dir.toRealPath();
        try (Stream<Path> entries = Files.list(fds)) {
            return entries.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(real);
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        }
    }
}
