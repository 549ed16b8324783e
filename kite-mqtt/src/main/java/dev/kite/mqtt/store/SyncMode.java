package dev.kite.mqtt.store;

/**
 * When a {@link FileStore} forces what it wrote to the disk, and so which crash a stored entry
 * survives. Every mode writes each record to the file before {@code put}, {@code delete} or
 * {@code reset} returns; they differ in whether, and how, that write is forced to stable storage.
 *
 * @since 0.1
 */
public enum SyncMode {
    /**
     * Each {@code put}, {@code delete} and {@code reset} forces the log to the disk itself before
     * it returns: one {@code fdatasync} per call. Survives a process kill and a power loss or
     * kernel crash. The slowest mode.
     */
    EVERY_WRITE,

    /**
     * The default. Each call also returns only after its record is forced to the disk, but one
     * force covers every record that concurrent threads appended meanwhile (group commit): a
     * writer appends under a lock, then waits until a force that started after its append has
     * completed; one thread forces at a time. Survives a process kill and a power loss, like
     * {@link #EVERY_WRITE}, and is as fast when only one thread writes, faster when several do.
     */
    BATCHED,

    /**
     * Never forces on the caller's path: the record is in the operating system's page cache once
     * the call returns, and the operating system writes it out when it chooses. Survives a
     * process kill ({@code kill -9}, a JVM crash); a power loss or kernel crash may lose the
     * latest entries (the directory still opens, with what reached the disk). The fastest mode.
     */
    OS
}
