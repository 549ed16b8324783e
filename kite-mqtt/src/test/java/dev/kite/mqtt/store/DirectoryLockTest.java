package dev.kite.mqtt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory lock across processes: a refused open in this JVM must not drop the lock that
 * another process checks (POSIX drops a process's lock when it closes any descriptor of the file),
 * and a failed open must let the lock go whatever it threw.
 */
class DirectoryLockTest {
    @TempDir
    Path tmp;

    @Test
    void aRefusedSecondOpenInThisJvmKeepsAnotherProcessOut() throws Exception {
        Path dir = tmp.resolve("store");
        FileStore first = new FileStore(dir);
        first.open();
        try {
            assertThatThrownBy(new FileStore(dir)::open)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another client holds it");

            ChildJvm.Result child = ChildJvm.run(tmp, List.of(), StoreChild.class, "open", dir.toString());

            assertThat(child.out()).as("child's stderr: %s", child.err())
                    .startsWith("REFUSED").contains("another client holds it");
            assertThat(child.exitCode()).isEqualTo(3);
        } finally {
            first.close();
        }
        ChildJvm.Result after = ChildJvm.run(tmp, List.of(), StoreChild.class, "open", dir.toString());
        assertThat(after.out()).as("released at close; child's stderr: %s", after.err()).startsWith("OPENED");
    }

    @Test
    void theSameDirectoryThroughASymlinkIsTheSameLock() throws Exception {
        Path dir = tmp.resolve("store");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir.getFileName());
        FileStore first = new FileStore(dir);
        first.open();
        try {
            assertThatThrownBy(new FileStore(link)::open)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another client holds it");

            ChildJvm.Result child = ChildJvm.run(tmp, List.of(), StoreChild.class, "open", dir.toString());

            assertThat(child.out()).as("child's stderr: %s", child.err()).startsWith("REFUSED");
        } finally {
            first.close();
        }
    }

    @Test
    void anErrorDuringRecoveryReleasesTheLock() throws Exception {
        // a whole, valid record of 100 MiB replayed in a 64 MiB heap: OutOfMemoryError in the middle of open()
        Path dir = Files.createDirectory(tmp.resolve("store"));
        Path segment = Segment.path(dir, 1);
        Files.write(segment, FileStoreRecoveryTest.header());
        FileStoreRecoveryTest.appendSparsePut(segment, StoreKey.outbound(1), 100 << 20, true);

        ChildJvm.Result child = ChildJvm.run(tmp, List.of("-Xmx64m"), StoreChild.class,
                "open-then-lock", dir.toString());

        assertThat(child.out()).as("child's stderr: %s", child.err())
                .contains("THREW java.lang.OutOfMemoryError").contains("RELOCKED");
    }
}
