package dev.kite.mqtt.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the {@link SSLContext} of {@link TlsConfig.Builder}. */
final class TlsContexts {
    private static final char[] EPHEMERAL = "kite".toCharArray();

    private TlsContexts() {
    }

    static SSLContext build(Path trustPem, KeyStore trustStore, Path clientCert, Path clientKey, Path pkcs12,
            char[] pkcs12Password, boolean insecure) {
        try {
            TrustManager[] trust;
            if (insecure) {
                trust = new TrustManager[] {TrustManagers.acceptAll()};
            } else if (trustPem != null || trustStore != null) {
                KeyStore ks = trustStore != null ? trustStore : pemTrust(trustPem);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                trust = tmf.getTrustManagers();
            } else {
                trust = null;
            }
            KeyManager[] keys = null;
            if (clientCert != null) {
                keys = keyManagers(pemKeys(clientCert, clientKey), EPHEMERAL);
            } else if (pkcs12 != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(pkcs12)) {
                    ks.load(in, pkcs12Password);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read PKCS#12 file " + pkcs12 + ": " + e.getMessage(), e);
                }
                keys = keyManagers(ks, pkcs12Password);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    private static KeyStore pemTrust(Path file) throws GeneralSecurityException {
        KeyStore ks = emptyStore();
        try {
            int i = 0;
            for (Certificate c : Pem.certificates(file)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("trustPem: " + e.getMessage(), e);
        }
        return ks;
    }

    private static KeyStore pemKeys(Path certFile, Path keyFile) throws GeneralSecurityException {
        try {
            List<Certificate> chain = Pem.certificates(certFile);
            PrivateKey key = Pem.privateKey(keyFile);
            KeyStore ks = emptyStore();
            ks.setKeyEntry("client", key, EPHEMERAL, chain.toArray(new Certificate[0]));
            return ks;
        } catch (IOException e) {
            throw new IllegalArgumentException("clientPem: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(KeyStore ks, char[] password) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        return kmf.getKeyManagers();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty key store cannot fail to load", e);
        }
        return ks;
    }
}
