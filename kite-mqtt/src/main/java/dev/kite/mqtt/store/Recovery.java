package dev.kite.mqtt.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link FileStore#open()} does to the directory: replays every segment in order into the
 * index, then writes the live entries as a base segment over the newest one, so that the store
 * starts from a clean, compact log whatever a crash left.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /**
     * The outcome of a recovery.
     *
     * @param newest the number of the newest segment left, 0 if none
     * @param bytes the bytes of log left on disk
     * @param warnings the problems found, one line each
     */
    record Result(long newest, long bytes, List<String> warnings) {
    }

    private Recovery() {
    }

    static Result run(Path dir, Map<StoreKey, byte[]> index) throws IOException {
        index.clear();
        List<String> found = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        List<Long> numbers = Segment.list(dir, skipped);
        for (Path file : skipped) {
            // not written by a store: replaying it would publish whatever it holds or points to
            String line = "Kite store " + file + ": not a regular file (a symbolic link, directory or special file),"
                    + " not replayed";
            LOG.warn("{}", line);
            found.add(line);
        }
        for (int i = 0; i < numbers.size(); i++) {
            Path file = Segment.path(dir, numbers.get(i));
            try {
                SegmentReader.replay(file, i == numbers.size() - 1, index, found);
            } catch (IOException e) {
                LOG.warn("Kite store {}: cannot read this segment, skipped: {}", file, e.toString());
                found.add("Kite store " + file + ": cannot read this segment, skipped: " + e);
            }
        }
        if (numbers.isEmpty()) {
            return new Result(0, 0, List.copyOf(found));
        }
        long newest = numbers.get(numbers.size() - 1);
        long bytes = 0;
        try {
            bytes = Segment.writeBase(dir, newest, index);
        } catch (IOException e) {
            // the old segments are intact (a torn tail was already cut off); appends go to a new one
            LOG.warn("Kite store {}: could not rewrite the live entries at open, keeping the old segments: {}",
                    dir, e.toString());
            for (long n : numbers) {
                bytes += Files.size(Segment.path(dir, n));
            }
        }
        LOG.debug("Kite store {}: recovered {} entries, {} problems", dir, index.size(), found.size());
        return new Result(newest, bytes, List.copyOf(found));
    }
}
