package dev.kite.mqtt.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test sources in a child JVM on the test classpath and waits for it:
 * the store's locks are per process, so only a second process shows what another process sees.
 */
final class ChildJvm {
    private static final long TIMEOUT_SECONDS = 60;

    /**
     * What the child did.
     *
     * @param exitCode its exit code
     * @param out what it printed on standard output
     * @param err what it printed on standard error
     */
    record Result(int exitCode, String out, String err) {
    }

    private ChildJvm() {
    }

    /**
     * Runs {@code main} with the JVM options and arguments given; output goes through files in
     * {@code tmp}, so that a chatty child cannot block on a full pipe. The child is killed if it
     * runs past a minute, and in any case before this returns.
     */
    static Result run(Path tmp, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "child", ".out");
        Path err = Files.createTempFile(tmp, "child", ".err");
        Process child = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("child " + main.getSimpleName() + " still running after "
                        + TIMEOUT_SECONDS + " s: " + Files.readString(err, StandardCharsets.UTF_8));
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        return new Result(child.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
