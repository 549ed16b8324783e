package dev.kite.mqtt.store;

import java.nio.file.Path;

/**
 * A second process for the store's tests. Arguments: a command and a store directory.
 *
 * <ul>
 *   <li>{@code open}: opens a {@link FileStore} there and prints {@code OPENED <keys>} then one
 *       {@code WARNING <line>} per recovery warning, or {@code REFUSED <message>} if the open threw
 *       {@link IllegalStateException} (exit 3), or {@code FAILED <throwable>} (exit 1).
 *   <li>{@code open-then-lock}: opens a {@link FileStore} there, prints {@code OPENED} or {@code
 *       THREW <throwable>}, then takes the directory's lock directly and prints {@code RELOCKED}
 *       or {@code STILL LOCKED <message>}: whether a failed open let its lock go.
 * </ul>
 */
public final class StoreChild {
    private StoreChild() {
    }

    /**
     * Runs one command and exits.
     *
     * @param args command, directory
     */
    public static void main(String[] args) {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "open" -> open(dir);
            case "open-then-lock" -> openThenLock(dir);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void open(Path dir) {
        FileStore store = new FileStore(dir);
        try {
            store.open();
        } catch (IllegalStateException e) {
            System.out.println("REFUSED " + e.getMessage());
            System.exit(3);
        } catch (Throwable t) {
            System.out.println("FAILED " + t);
            System.exit(1);
        }
        System.out.println("OPENED " + store.keys());
        store.recoveryWarnings().forEach(w -> System.out.println("WARNING " + w));
        store.close();
    }

    private static void openThenLock(Path dir) {
        try {
            new FileStore(dir).open();
            System.out.println("OPENED");
        } catch (Throwable t) {
            System.out.println("THREW " + t);
        }
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            System.out.println("RELOCKED");
        } catch (IllegalStateException e) {
            System.out.println("STILL LOCKED " + e.getMessage());
        }
    }
}
