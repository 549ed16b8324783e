package dev.kite.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Certificates made at test time with {@code openssl}, as PEM files Mosquitto reads: a CA, a
 * server certificate for 127.0.0.1 and localhost, an expired one, one for a wrong host name,
 * client certificates (RSA and EC, PKCS#8 keys, and a PKCS#12 file) and an unrelated CA.
 */
public final class Pki implements AutoCloseable {
    /** The password of the PKCS#12 files. */
    public static final String P12_PASSWORD = "kite-p12";

    private final Path dir;

    private Pki(Path dir) {
        this.dir = dir;
    }

    /** Makes every certificate in a new temporary directory; skips the test without openssl. */
    public static Pki create() {
        if (!new File("/usr/bin/openssl").canExecute()) {
            if ("1".equals(System.getenv("KITE_REQUIRE_MOSQUITTO"))) {
                throw new IllegalStateException("KITE_REQUIRE_MOSQUITTO=1 but /usr/bin/openssl is missing");
            }
            Assumptions.abort("openssl is not installed: test skipped");
        }
        try {
            Pki p = new Pki(Files.createTempDirectory("kite-pki"));
            p.make();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void make() throws IOException {
        ca("ca");
        ca("other-ca");
        leaf("server", "ca", "rsa", "subjectAltName=IP:127.0.0.1,DNS:localhost", "30");
        leaf("expired", "ca", "rsa", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-1");
        leaf("wronghost", "ca", "rsa", "subjectAltName=DNS:wrong.example", "30");
        leaf("client", "ca", "rsa", "extendedKeyUsage=clientAuth", "30");
        leaf("client-ec", "ca", "ec", "extendedKeyUsage=clientAuth", "30");
        leaf("other-client", "other-ca", "rsa", "extendedKeyUsage=clientAuth", "30");
        pkcs12("client");
        pkcs12("server");
    }

    private void ca(String name) throws IOException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file(name + ".key"),
                "-out", file(name + ".pem"), "-days", "30", "-subj", "/CN=Kite test " + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void leaf(String name, String ca, String keyType, String ext, String days) throws IOException {
        if (keyType.equals("ec")) {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file(name + ".key"));
        } else {
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file(name + ".key"));
        }
        openssl("req", "-new", "-key", file(name + ".key"), "-out", file(name + ".csr"), "-subj", "/CN=" + name);
        Path extFile = dir.resolve(name + ".ext");
        Files.writeString(extFile, ext + "\n");
        openssl("x509", "-req", "-in", file(name + ".csr"), "-CA", file(ca + ".pem"), "-CAkey", file(ca + ".key"),
                "-CAcreateserial", "-days", days, "-extfile", extFile.toString(), "-out", file(name + ".pem"));
    }

    private void pkcs12(String name) throws IOException {
        openssl("pkcs12", "-export", "-in", file(name + ".pem"), "-inkey", file(name + ".key"), "-name", name,
                "-out", file(name + ".p12"), "-passout", "pass:" + P12_PASSWORD);
    }

    /** Returns a file of this PKI, such as {@code ca.pem}, {@code server.key}, {@code client.p12}. */
    public Path path(String fileName) {
        return dir.resolve(fileName);
    }

    private String file(String fileName) {
        return dir.resolve(fileName).toString();
    }

    /** Returns the directory. */
    public Path dir() {
        return dir;
    }

    private void openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        Processes.deleteTree(dir.toFile());
    }
}
