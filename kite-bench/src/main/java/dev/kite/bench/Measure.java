package dev.kite.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Process-wide readings: CPU time, resident memory, heap in use, platform threads. */
final class Measure {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Measure() {
    }

    /** CPU time of the whole process (every thread, GC included), in nanoseconds. */
    static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** VmRSS of this process, in bytes. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    /** Heap in use after asking for a full collection twice. */
    /**
     * Waits (at most 60 s) until the machine is quiet again after a scenario: the broker's CPU
     * time and this process's RSS have not moved for a second (the broker still closing the last
     * library's connections, G1 returning memory after a collection). The next library's baseline
     * is taken after it.
     */
    static void settle(long brokerPid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long lastCpu = cpuTicks(brokerPid);
        long lastRss = rssBytes();
        int quiet = 0;
        while (quiet < 10 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long cpu = cpuTicks(brokerPid);
            long rss = rssBytes();
            boolean still = cpu - lastCpu <= 1 && Math.abs(rss - lastRss) < 512 * 1024;
            quiet = still ? quiet + 1 : 0;
            lastCpu = cpu;
            lastRss = rss;
        }
    }

    /** User + system CPU ticks of a process, from /proc; 0 if unknown. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long heapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    static int platformThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
