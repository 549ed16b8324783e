package dev.kite.mqtt.store;

import static dev.kite.mqtt.store.FileStoreRecoveryTest.header;
import static dev.kite.mqtt.store.FileStoreRecoveryTest.record;
import static dev.kite.mqtt.store.FileStoreTest.contents;
import static dev.kite.mqtt.store.FileStoreTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a {@link FileStore} trusts in its directory: it replays what it finds there as messages
 * published under the client's identity, so it follows no symlink, replays only regular files,
 * refuses a directory that others can write to, and keeps its files to their owner.
 */
class FileStoreSafetyTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    }

    @Test
    void compactionDoesNotWriteThroughASymlinkAtItsTemporaryFile() throws IOException {
        Path victim = tmp.resolve("unrelated.txt");
        Files.writeString(victim, "an unrelated file");
        Path dir = tmp.resolve("store");
        FileStore store = new FileStore(dir);
        store.open();
        store.put(StoreKey.outbound(1), value("one"));
        Path active = Segment.path(dir.toAbsolutePath(), 1);
        Path planted = Files.createSymbolicLink(active.resolveSibling(active.getFileName() + ".tmp"), victim);

        store.compactNow();

        assertThat(victim).hasBinaryContent(value("an unrelated file"));
        assertThat(planted).as("deleted as a link").doesNotExist();
        assertThat(Files.isRegularFile(active, LinkOption.NOFOLLOW_LINKS)).as("the base is a file of its own").isTrue();
        store.close();
        assertThat(reopened(dir)).isEqualTo(Map.of(StoreKey.outbound(1), "one"));
    }

    @Test
    void aSymlinkedOrDirectorySegmentIsNotReplayed() throws IOException {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Path foreign = elsewhere.resolve("foreign.seg");
        Files.write(foreign, segment(record(Record.PUT, StoreKey.outbound(66), "planted")));
        byte[] foreignBytes = Files.readAllBytes(foreign);
        Path dir = ownerOnlyDirectory("store");
        Path link = Files.createSymbolicLink(Segment.path(dir, 1), foreign);
        Path directory = Files.createDirectory(Segment.path(dir, 2));
        Files.write(Segment.path(dir, 3), segment(record(Record.PUT, StoreKey.outbound(1), "real")));

        FileStore store = new FileStore(dir);
        store.open();

        assertThat(contents(store)).isEqualTo(Map.of(StoreKey.outbound(1), "real"));
        assertThat(store.recoveryWarnings()).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains(link.toString()).contains("not a regular file"))
                .anySatisfy(w -> assertThat(w).contains(directory.toString()).contains("not a regular file"));
        store.close();
        assertThat(foreign).as("never truncated through the link").hasBinaryContent(foreignBytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwxrwx---", "rwx----w-", "rwxrwxrwx"})
    void aDirectoryOthersCanWriteToIsRefusedNamingTheFix(String mode) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("store"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));

        assertThatThrownBy(new FileStore(dir)::open)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining(mode)
                .hasMessageContaining("chmod 700 " + dir);
        assertThat(dir.resolve(DirectoryLock.FILE)).as("nothing created there").doesNotExist();
    }

    @Test
    void aDirectoryOwnedByAnotherUserIsRefused() throws IOException {
        Path dir = ownerOnlyDirectory("store");
        UserPrincipal me = Files.getOwner(dir);
        try {
            UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        } catch (IOException e) {
            assumeTrue(false, "cannot give a directory to 'nobody' here: " + e);
        }
        assumeTrue(!Files.getOwner(dir).equals(me), "this test runs as 'nobody'");

        assertThatThrownBy(new FileStore(dir)::open)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("owned by nobody")
                .hasMessageContaining("chown");
        assertThat(dir.resolve(DirectoryLock.FILE)).as("nothing created there").doesNotExist();
    }

    @Test
    void anOwnOwnerOnlyDirectoryIsAccepted() throws IOException {
        Path dir = ownerOnlyDirectory("store");
        FileStore store = new FileStore(dir);
        store.open();
        store.put(StoreKey.outbound(1), value("one"));
        store.close();
        assertThat(reopened(dir)).isEqualTo(Map.of(StoreKey.outbound(1), "one"));
    }

    @Test
    void everyStoreFileIsReadableAndWritableByItsOwnerOnly() throws IOException {
        Path dir = ownerOnlyDirectory("store");
        // left by an older version: fixed at open
        Files.createFile(dir.resolve(DirectoryLock.FILE));
        Files.setPosixFilePermissions(dir.resolve(DirectoryLock.FILE), PosixFilePermissions.fromString("rw-r--r--"));
        FileStore store = new FileStore(dir);
        store.open();
        store.put(StoreKey.outbound(1), value("one"));
        store.compactNow();
        store.put(StoreKey.outbound(2), value("two"));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).hasSize(3).allSatisfy(f -> assertThat(
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as("%s", f).isEqualTo("rw-------"));
        } finally {
            store.close();
        }
    }

    /** What a new store on the directory holds. */
    private static Map<StoreKey, String> reopened(Path dir) {
        FileStore store = new FileStore(dir);
        store.open();
        try {
            return contents(store);
        } finally {
            store.close();
        }
    }

    private Path ownerOnlyDirectory(String name) throws IOException {
        return Files.createDirectory(tmp.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static byte[] segment(byte[]... records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header());
        for (byte[] r : records) {
            out.write(r);
        }
        return out.toByteArray();
    }
}
