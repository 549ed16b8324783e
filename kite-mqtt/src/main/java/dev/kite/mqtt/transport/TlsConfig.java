package dev.kite.mqtt.transport;

import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * TLS settings for the {@code ssl}, {@code tls}, {@code mqtts}, {@code mqtt+ssl}, {@code tcps}
 * and {@code wss} schemes. The server's certificate chain and host name are verified unless a
 * method named {@code insecure...} is called; Kite then logs a warning at every connect.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.builder()
 *         .trustPem(Path.of("ca.pem"))                              // instead of the JVM's CAs
 *         .clientPem(Path.of("client.pem"), Path.of("client.key")) // mutual TLS
 *         .build();
 * TlsConfig mine = TlsConfig.of(mySslContext);
 * }</pre>
 *
 * @since 0.1
 */
public final class TlsConfig {
    /** The protocols offered unless {@link Builder#protocols(String...)} says otherwise. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;
    private final boolean verifyHostname;
    private final boolean verifyChain;
    private final String serverName;
    private final List<String> protocols;

    TlsConfig(SSLContext context, boolean verifyHostname, boolean verifyChain, String serverName,
            List<String> protocols) {
        this.context = context;
        this.verifyHostname = verifyHostname;
        this.verifyChain = verifyChain;
        this.serverName = serverName;
        this.protocols = List.copyOf(protocols);
    }

    /**
     * Returns the JVM's default trust and no client certificate, with verification.
     *
     * @return the default settings
     * @throws IllegalStateException if the JVM has no default TLS context
     */
    public static TlsConfig defaults() {
        try {
            return new TlsConfig(SSLContext.getDefault(), true, true, null, DEFAULT_PROTOCOLS);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }

    /**
     * Returns settings that use a context the caller built (trust and client keys), with
     * chain and host-name verification as that context's trust managers do them.
     *
     * @param context the TLS context
     * @return the settings
     */
    public static TlsConfig of(SSLContext context) {
        return new TlsConfig(Objects.requireNonNull(context, "context"), true, true, null, DEFAULT_PROTOCOLS);
    }

    /**
     * Returns a builder for trust from PEM files or a key store, client certificates, protocols,
     * a server name, or skipped verification.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a copy that skips host-name verification but still checks the chain. Kite logs a
     * warning at every connect made with it. Not available for {@code wss} with a context from
     * {@link #of(SSLContext)}: the JDK's HTTP client always checks the host there.
     *
     * @return the copy
     */
    public TlsConfig insecureSkipHostnameVerification() {
        return new TlsConfig(context, false, verifyChain, serverName, protocols);
    }

    /**
     * Returns a copy that sends {@code name} as SNI and checks the certificate against it,
     * instead of the broker's host ({@code ssl} and its aliases; {@code wss} uses the URI's host).
     *
     * @param name the server name
     * @return the copy
     */
    public TlsConfig withServerName(String name) {
        return new TlsConfig(context, verifyHostname, verifyChain, name, protocols);
    }

    /** Returns the TLS context. */
    public SSLContext context() {
        return context;
    }

    /** Returns whether the host name is verified against the certificate. */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /** Returns whether the server's certificate chain is verified; false after insecureSkipVerify. */
    public boolean verifyChain() {
        return verifyChain;
    }

    /** Returns the server name to use instead of the broker's host, or {@code null}. */
    public String serverName() {
        return serverName;
    }

    /** Returns the TLS protocol versions offered, such as {@code TLSv1.3}. */
    public List<String> protocols() {
        return protocols;
    }

    @Override
    public String toString() {
        return "TlsConfig[protocols=" + protocols + ", verifyChain=" + verifyChain + ", verifyHostname="
                + verifyHostname + (serverName == null ? "" : ", serverName=" + serverName) + "]";
    }

    /**
     * Builds {@link TlsConfig}s. Without a trust call, the JVM's default CAs are trusted; without
     * a client call, no client certificate is sent.
     *
     * @since 0.1
     */
    public static final class Builder {
        private java.nio.file.Path trustPem;
        private java.security.KeyStore trustStore;
        private java.nio.file.Path clientCert;
        private java.nio.file.Path clientKey;
        private java.nio.file.Path clientPkcs12;
        private char[] clientPassword;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private boolean insecure;
        private String serverName;

        private Builder() {
        }

        /**
         * Trusts the CA certificates in a PEM file instead of the JVM's.
         *
         * @param caFile one or more {@code BEGIN CERTIFICATE} blocks
         * @return this builder
         */
        public Builder trustPem(java.nio.file.Path caFile) {
            this.trustPem = Objects.requireNonNull(caFile, "caFile");
            this.trustStore = null;
            return this;
        }

        /**
         * Trusts the certificates of a key store instead of the JVM's.
         *
         * @param store a loaded key store
         * @return this builder
         */
        public Builder trustStore(java.security.KeyStore store) {
            this.trustStore = Objects.requireNonNull(store, "store");
            this.trustPem = null;
            return this;
        }

        /**
         * Sends a client certificate from PEM files: the certificate (and any chain after it) and
         * its unencrypted private key, PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519) or
         * PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}).
         *
         * @param certificate the certificate file
         * @param privateKey the key file
         * @return this builder
         */
        public Builder clientPem(java.nio.file.Path certificate, java.nio.file.Path privateKey) {
            this.clientCert = Objects.requireNonNull(certificate, "certificate");
            this.clientKey = Objects.requireNonNull(privateKey, "privateKey");
            this.clientPkcs12 = null;
            clearPassword();
            return this;
        }

        /**
         * Sends the client certificate and key of a PKCS#12 file. The builder keeps a copy of the
         * password until {@link #build()}, which clears it: to build again, call this again.
         *
         * @param file the {@code .p12} / {@code .pfx} file
         * @param password its password (copied; the caller may clear its array)
         * @return this builder
         */
        public Builder clientPkcs12(java.nio.file.Path file, char[] password) {
            Objects.requireNonNull(password, "password");
            clearPassword();
            this.clientPkcs12 = Objects.requireNonNull(file, "file");
            this.clientPassword = password.clone();
            this.clientCert = null;
            this.clientKey = null;
            return this;
        }

        /**
         * Sets the protocol versions offered; default {@code TLSv1.3, TLSv1.2}.
         *
         * @param versions such as {@code "TLSv1.2"}
         * @return this builder
         * @throws IllegalArgumentException if none is given
         */
        public Builder protocols(String... versions) {
            if (versions.length == 0) {
                throw new IllegalArgumentException("protocols: give at least one TLS version");
            }
            this.protocols = List.of(versions);
            return this;
        }

        /**
         * Sends {@code name} as SNI and checks the certificate against it instead of the broker's
         * host.
         *
         * @param name the server name
         * @return this builder
         */
        public Builder serverName(String name) {
            this.serverName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Skips verification of the server: any certificate chain and any host name are accepted,
         * so anyone on the path can read and change the traffic. Kite logs a warning at every
         * connect. For tests and first steps only.
         *
         * @return this builder
         */
        public Builder insecureSkipVerify() {
            this.insecure = true;
            return this;
        }

        /**
         * Builds the settings, reading the files now. The copy of a PKCS#12 password is cleared,
         * whether the build succeeds or not: it is not needed once the key is loaded.
         *
         * @return the settings
         * @throws IllegalArgumentException if a file cannot be read or holds no usable key or
         *     certificate; the message names the file and the reason
         * @throws IllegalStateException if a PKCS#12 file was given and an earlier {@code build()}
         *     already cleared its password: call {@link #clientPkcs12} again
         */
        public TlsConfig build() {
            if (clientPkcs12 != null && clientPassword == null) {
                throw new IllegalStateException("clientPkcs12: the password was cleared by the first build();"
                        + " call clientPkcs12 again to build another TlsConfig");
            }
            javax.net.ssl.SSLContext ctx;
            try {
                ctx = TlsContexts.build(trustPem, trustStore, clientCert, clientKey, clientPkcs12, clientPassword,
                        insecure);
            } finally {
                clearPassword();
            }
            return new TlsConfig(ctx, !insecure, !insecure, serverName, protocols);
        }

        private void clearPassword() {
            if (clientPassword != null) {
                java.util.Arrays.fill(clientPassword, '\0');
                clientPassword = null;
            }
        }
    }
}
