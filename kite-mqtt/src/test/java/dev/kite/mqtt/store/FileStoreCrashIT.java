package dev.kite.mqtt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a real writing process with SIGKILL mid-stream and reopens its store: every put the child
 * saw return is there with its value, every delete it saw return is gone. The page cache survives
 * a process kill, so every mode must pass; the forcing modes are there to exercise group commit
 * and the roll under a crash.
 */
class FileStoreCrashIT {
    private static final int ROUNDS = 3;
    private static final int ACKS_BEFORE_KILL = 600;
    private static final int THREADS = 4;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyAcknowledgedWriteSurvivesAKill(SyncMode mode) throws Exception {
        Path dir = tmp.resolve("store");
        for (int round = 0; round < ROUNDS; round++) {
            Path stderr = tmp.resolve("child-" + round + ".err");
            Process child = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    CrashChild.class.getName(), dir.toString(), mode.name(),
                    Long.toString(round * 100_000_000L + 1), Integer.toString(THREADS))
                    .redirectError(stderr.toFile())
                    .start();
            Set<Long> put = new HashSet<>();
            Set<Long> deleted = new HashSet<>();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                int acks = 0;
                while (acks < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                    record(line, put, deleted);
                    acks++;
                }
                if (acks < ACKS_BEFORE_KILL) {
                    fail("the child stopped after %d acks: %s", acks, Files.readString(stderr));
                }
                if (round == 0) {
                    assertThatThrownBy(new FileStore(dir, mode)::open)
                            .as("another process holds the directory")
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("another client holds it");
                }
                // SIGKILL through the handle: Process.destroyForcibly would also close our end of the
                // pipe, and lose the acknowledgements still in it
                child.toHandle().destroyForcibly();
                // what the child printed before it died was acknowledged too
                while ((line = out.readLine()) != null) {
                    record(line, put, deleted);
                }
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }

            long first = round * 100_000_000L + 1;
            FileStore store = new FileStore(dir, mode);
            store.open();
            try {
                for (long id : put) {
                    // the child deletes id right after putting id + THREADS; killed in between, the
                    // delete may have happened without its acknowledgement
                    boolean deleteInFlight = (id + THREADS - first) % 3 == 0 && !put.contains(id + 2 * THREADS);
                    if (!deleted.contains(id) && !deleteInFlight) {
                        assertThat(store.get(StoreKey.outbound(id))).as("acknowledged put %d", id)
                                .isEqualTo(CrashChild.valueOf(id));
                    }
                }
                for (long id : deleted) {
                    assertThat(store.get(StoreKey.outbound(id))).as("acknowledged delete %d", id).isNull();
                }
                List<StoreKey> keys = store.keys();
                assertThat(keys).isSorted();
            } finally {
                store.close();
            }
        }
    }

    private static void record(String line, Set<Long> put, Set<Long> deleted) {
        if (line.isEmpty()) {
            return; // a line cut by the kill is not an acknowledgement
        }
        long id;
        try {
            id = Long.parseLong(line.substring(2));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return;
        }
        if (line.startsWith("P ")) {
            put.add(id);
        } else if (line.startsWith("D ")) {
            deleted.add(id);
        }
    }
}
