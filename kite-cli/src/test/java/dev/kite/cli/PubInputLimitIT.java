package dev.kite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.cli.Tools.Impl;
import dev.kite.cli.Tools.Result;
import dev.kite.testing.FreePort;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kite pub -f and -s refuse input over the packet limit as mosquitto_pub does, without reading
 * more than the limit: a sparse file one byte over it (it takes no disk) and /dev/zero. The
 * port is one nobody listens on: the input is refused before connecting.
 */
class PubInputLimitIT {
    private static final String NOBODY = Integer.toString(FreePort.find());
    private static final long LIMIT = 268_435_455;

    @TempDir
    static Path tmp;
    private static File tooBig;

    @BeforeAll
    static void sparseFileOneByteOverTheLimit() throws IOException {
        tooBig = tmp.resolve("too-big.bin").toFile();
        try (RandomAccessFile f = new RandomAccessFile(tooBig, "rw")) {
            f.setLength(LIMIT + 1);
        }
    }

    private static String show(Result r) {
        return "exit=" + r.exit() + "\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.err();
    }

    private static String fileTooBig(String name) {
        return "exit=1\nstdout:\n\nstderr:\nError: File must be less than 268435455 bytes.\n\n"
                + "Error loading input file \"" + name + "\".\n";
    }

    private static final String STDIN_TOO_BIG = "exit=1\nstdout:\n\nstderr:\n"
            + "Error: Message length must be less than 268435455 bytes.\n\nError loading input from stdin.\n";

    @Test
    void fileOverTheLimitIsRefusedAsMosquittoPubRefusesIt() {
        String[] args = {"-p", NOBODY, "-t", "a", "-f", tooBig.toString()};
        String mosquitto = show(Tools.run(Impl.MOSQUITTO, "pub", args));
        assertThat(mosquitto).isEqualTo(fileTooBig(tooBig.toString()));
        assertThat(show(Tools.run(Impl.KITE, "pub", args))).isEqualTo(mosquitto);
    }

    /**
     * Same words as mosquitto_pub; mosquitto_pub 2.0.11 then crashes (its error path frees the
     * buffer that its cleanup frees again), kite exits 1 as mosquitto_pub's cleanup means to.
     */
    @Test
    void stdinOverTheLimitIsRefusedAsMosquittoPubRefusesIt() {
        String[] args = {"-p", NOBODY, "-t", "a", "-s"};
        Result mosquitto = Tools.startReading(tooBig, Impl.MOSQUITTO, "pub", args).await();
        assertThat(mosquitto.exit()).isNotZero();
        assertThat(show(new Result(1, mosquitto.out(), mosquitto.err()))).isEqualTo(STDIN_TOO_BIG);
        assertThat(show(Tools.startReading(tooBig, Impl.KITE, "pub", args).await())).isEqualTo(STDIN_TOO_BIG);
    }

    // not compared with mosquitto_pub: its -f takes a device's size from fseek/ftell, 0 for
    // /dev/zero, and sends an empty message; its -s reads /dev/zero until memory runs out
    @Test
    void devZeroAsFileEndsRefused() {
        assertThat(show(Tools.run(Impl.KITE, "pub", "-p", NOBODY, "-t", "a", "-f", "/dev/zero")))
                .isEqualTo(fileTooBig("/dev/zero"));
    }

    @Test
    void devZeroAsStdinEndsRefused() {
        assertThat(show(Tools.startReading(new File("/dev/zero"), Impl.KITE, "pub", "-p", NOBODY, "-t", "a", "-s")
                .await())).isEqualTo(STDIN_TOO_BIG);
    }
}
