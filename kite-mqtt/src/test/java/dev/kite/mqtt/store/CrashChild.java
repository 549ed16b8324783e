package dev.kite.mqtt.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process that {@link FileStoreCrashIT} kills: writes to a {@link FileStore} from several
 * threads until killed, printing {@code P id} after each {@code put} returned and {@code D id}
 * after each {@code delete} returned. Arguments: directory, sync mode, first id, threads.
 */
public final class CrashChild {
    private CrashChild() {
    }

    /** The value stored under an id: the parent checks it byte for byte. */
    static byte[] valueOf(long id) {
        return ("value of " + id + " " + "v".repeat((int) (id % 300))).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Runs until killed.
     *
     * @param args directory, sync mode, first id, threads
     */
    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        SyncMode mode = SyncMode.valueOf(args[1]);
        long first = Long.parseLong(args[2]);
        int threads = Integer.parseInt(args[3]);
        FileStore store = new FileStore(dir, mode);
        store.open();
        PrintStream out = System.out;
        for (int t = 0; t < threads; t++) {
            long start = first + t;
            Thread thread = new Thread(() -> {
                for (long id = start; ; id += threads) {
                    store.put(StoreKey.outbound(id), valueOf(id));
                    ack("P " + id, out);
                    if ((id - first) % 3 == 0 && id - threads >= first) {
                        store.delete(StoreKey.outbound(id - threads));
                        ack("D " + (id - threads), out);
                    }
                }
            }, "writer-" + t);
            thread.start();
        }
        Thread.currentThread().join();
    }

    private static void ack(String line, PrintStream out) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
