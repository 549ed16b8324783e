package dev.kite.cli.mosq;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.transport.ProxyConfig;
import dev.kite.mqtt.transport.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns the transport flags of a command line (host, port, {@code --unix}, {@code -L ws://},
 * TLS files, {@code --proxy}) into a broker URI and client options. Shared by pub, sub and bench.
 */
public final class Transports {
    private Transports() {
    }

    /** The broker URI: {@code unix://}, {@code ws://}/{@code wss://}, {@code ssl://} or {@code tcp://}. */
    static String brokerUri(ToolConfig cfg) {
        if (cfg.unixSocket != null) {
            return "unix://" + Path.of(cfg.unixSocket).toAbsolutePath();
        }
        String host = cfg.host.contains(":") ? "[" + cfg.host + "]" : cfg.host;
        String authority = host + ":" + cfg.effectivePort();
        if (cfg.websocket != null) {
            return cfg.websocket + "://" + authority + cfg.websocketPath;
        }
        return (cfg.tls() ? "ssl://" : "tcp://") + authority;
    }

    /**
     * Sets the proxy and the TLS settings made by {@link #tls}. As mosquitto, the environment's
     * {@code all_proxy} is ignored.
     */
    static void apply(ToolConfig cfg, TlsConfig tls, ClientOptions o) {
        o.setProxy(cfg.proxy == null ? ProxyConfig.NONE : ProxyConfig.parse(cfg.proxy));
        if (tls != null) {
            o.setTlsConfig(tls);
        }
    }

    /**
     * Reads the TLS files, or returns null without TLS. As mosquitto, {@code --cert}/{@code --key}
     * alone (without a CA) do not turn TLS on.
     *
     * @throws IllegalArgumentException naming the file that could not be used
     */
    static TlsConfig tls(ToolConfig cfg) {
        if (!cfg.tls()) {
            return null;
        }
        TlsConfig.Builder b = TlsConfig.builder();
        if (cfg.cafile != null) {
            b.trustPem(Path.of(cfg.cafile));
        } else if (cfg.capath != null) {
            b.trustStore(directoryStore(Path.of(cfg.capath)));
        }
        if (cfg.certfile != null) {
            b.clientPem(Path.of(cfg.certfile), Path.of(cfg.keyfile));
        }
        if (cfg.tlsVersion != null) {
            b.protocols("TLSv" + cfg.tlsVersion.substring("tlsv".length()));
        }
        TlsConfig tls = b.build();
        // mosquitto's --insecure skips the host name check only; the chain is still verified
        return cfg.insecure ? tls.insecureSkipHostnameVerification() : tls;
    }

    /** Every certificate in the PEM (or DER) files of a directory, as OpenSSL's CApath. */
    private static KeyStore directoryStore(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            int n = 0;
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                for (Certificate c : read(x509, f)) {
                    store.setCertificateEntry("ca-" + n++, c);
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("--capath " + dir + ": no certificate found in the directory");
            }
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException("--capath " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<? extends Certificate> read(CertificateFactory x509, Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            return List.copyOf(x509.generateCertificates(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            return List.of();   // not a certificate: OpenSSL's CApath skips it too
        }
    }

}
