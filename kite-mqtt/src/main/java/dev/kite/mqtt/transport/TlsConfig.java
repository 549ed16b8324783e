package dev.kite.mqtt.transport;

import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * TLS settings for the {@code ssl}, {@code tls}, {@code mqtts}, {@code mqtt+ssl}, {@code tcps}
 * and {@code wss} schemes. The server's certificate chain and host name are verified unless
 * {@link #insecureSkipVerify()} is asked for by name.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.of(mySslContext);
 * }</pre>
 *
 * @since 0.1
 */
public final class TlsConfig {
    private final SSLContext context;
    private final boolean verifyHostname;
    private final String serverName;

    private TlsConfig(SSLContext context, boolean verifyHostname, String serverName) {
        this.context = context;
        this.verifyHostname = verifyHostname;
        this.serverName = serverName;
    }

    /**
     * Returns the JVM's default trust and no client certificate, with verification.
     *
     * @return the default settings
     * @throws IllegalStateException if the JVM has no default TLS context
     */
    public static TlsConfig defaults() {
        try {
            return new TlsConfig(SSLContext.getDefault(), true, null);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }

    /**
     * Returns settings that use a context the caller built (trust and client keys), with
     * host-name verification.
     *
     * @param context the TLS context
     * @return the settings
     */
    public static TlsConfig of(SSLContext context) {
        return new TlsConfig(Objects.requireNonNull(context, "context"), true, null);
    }

    /**
     * Returns a copy that skips host-name verification. Kite logs a warning at every connect
     * made with it.
     *
     * @return the copy
     */
    public TlsConfig insecureSkipHostnameVerification() {
        return new TlsConfig(context, false, serverName);
    }

    /**
     * Returns a copy that sends {@code name} as SNI and checks the certificate against it,
     * instead of the broker's host.
     *
     * @param name the server name
     * @return the copy
     */
    public TlsConfig withServerName(String name) {
        return new TlsConfig(context, verifyHostname, name);
    }

    /** Returns the TLS context. */
    public SSLContext context() {
        return context;
    }

    /** Returns whether the host name is verified against the certificate. */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /** Returns the server name to use instead of the broker's host, or {@code null}. */
    public String serverName() {
        return serverName;
    }
}
