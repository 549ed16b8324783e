package dev.kite.mqtt.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a store creates its files and whom it trusts. The store replays what it finds in its
 * directory as messages published under the client's identity, so its directory must be writable
 * by its owner only, that owner must be the user running the client, no file is reached through a
 * symbolic link, and every file is created {@code rw-------} (its directory {@code rwx------}).
 * The ssh client and gpg refuse a key directory on the same grounds. On a file system without
 * POSIX attributes (Windows) modes and owners are not checked.
 */
final class StoreFiles {
    private static final Logger LOG = LoggerFactory.getLogger(StoreFiles.class);
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

    private StoreFiles() {
    }

    /** Creates a file open for writing; fails if anything, a symbolic link included, is at its path. */
    static FileChannel createNew(Path file) throws IOException {
        return open(file, StandardOpenOption.CREATE_NEW);
    }

    /** Opens a file for writing, creating it if missing; fails if it is a symbolic link. */
    static FileChannel openOrCreate(Path file) throws IOException {
        return open(file, StandardOpenOption.CREATE);
    }

    private static FileChannel open(Path file, OpenOption create) throws IOException {
        Set<OpenOption> options = Set.of(create, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        if (!posix(file)) {
            return FileChannel.open(file, options);
        }
        FileChannel channel = FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(FILE_MODE));
        try {
            // the mode given at creation loses what the umask removes, and a file that already
            // existed keeps its own: set it, through the link-refusing view, whatever happened
            Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(FILE_MODE);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Creates the directory {@code rwx------} if missing (its missing parents too), then checks
     * that only its owner can write to it and that the owner runs this process.
     *
     * @throws IOException if it cannot be created or read, or is not safe, with the command that fixes it
     */
    static void prepareDirectory(Path dir) throws IOException {
        if (!posix(dir)) {
            Files.createDirectories(dir);
            LOG.debug("Kite store {}: no POSIX file attributes here, its owner and mode are not checked", dir);
            return;
        }
        if (!Files.isDirectory(dir)) {
            Path parent = dir.getParent();
            if (parent != null) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
                Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
            } catch (FileAlreadyExistsException e) {
                LOG.debug("Kite store {}: created meanwhile by someone else, checked as found", dir);
            }
        }
        // a symbolic link to the directory is the user's choice of place: what it points to is checked
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class);
        String mode = PosixFilePermissions.toString(attributes.permissions());
        if (attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("Kite store " + dir + " has mode " + mode + ": group or others can write to it,"
                    + " and the store would publish what they put there under this client's identity;"
                    + " refused. Fix: chmod 700 " + dir);
        }
        UserPrincipal owner = attributes.owner();
        if (!runsThisProcess(owner)) {
            throw new IOException("Kite store " + dir + " is owned by " + owner.getName() + ", not by "
                    + System.getProperty("user.name") + " who runs this client (mode " + mode + "): its owner"
                    + " could make the store publish under this client's identity; refused. Fix: chown "
                    + System.getProperty("user.name") + " " + dir + " && chmod 700 " + dir
                    + ", or use a directory of this user's");
        }
    }

    /**
     * Whether this process's user is {@code owner}. Both names come from the same user database
     * entry when the ids match; a mismatch is confirmed with the owner of a fresh file, since
     * {@code user.name} may be set by hand or be {@code ?} for a user without an entry.
     */
    private static boolean runsThisProcess(UserPrincipal owner) throws IOException {
        if (owner.getName().equals(System.getProperty("user.name"))) {
            return true;
        }
        Path probe;
        try {
            probe = Files.createTempFile("kite-store-owner", ".tmp");
        } catch (IOException e) {
            LOG.debug("no temporary file to learn this process's user from: {}", e.toString());
            return false;
        }
        try {
            return Files.getOwner(probe).equals(owner);
        } finally {
            Files.delete(probe);
        }
    }

    /** Whether the file system of {@code path} has POSIX modes and owners. */
    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
