package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.testing.FreePort;
import dev.kite.testing.MosquittoBroker;
import dev.kite.testing.Pki;
import dev.kite.mqtt.transport.TlsConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS against Mosquitto listeners made with certificates generated at test time: a good server
 * certificate, an expired one, one for a wrong host name, and one listener requiring a client
 * certificate (mutual TLS).
 */
class TlsIT {
    private static Pki pki;
    private static MosquittoBroker broker;
    private static int good;
    private static int expired;
    private static int wrongHost;
    private static int mutual;

    @BeforeAll
    static void start() {
        MosquittoBroker.assumeAvailable();
        pki = Pki.create();
        good = FreePort.find();
        expired = FreePort.find();
        wrongHost = FreePort.find();
        mutual = FreePort.find();
        MosquittoBroker.Builder b = MosquittoBroker.builder();
        listener(b, good, "server", false);
        listener(b, expired, "expired", false);
        listener(b, wrongHost, "wronghost", false);
        listener(b, mutual, "server", true);
        broker = b.start();
    }

    private static void listener(MosquittoBroker.Builder b, int port, String cert, boolean requireClient) {
        b.config("listener " + port + " 127.0.0.1")
                .config("cafile " + pki.path("ca.pem"))
                .config("certfile " + pki.path(cert + ".pem"))
                .config("keyfile " + pki.path(cert + ".key"))
                .config("require_certificate " + requireClient);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (pki != null) {
            pki.close();
        }
    }

    private static TlsConfig trustCa() {
        return TlsConfig.builder().trustPem(pki.path("ca.pem")).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssl", "tls", "mqtts", "mqtt+ssl", "tcps"})
    void everyTlsSchemeRoundTrips(String scheme) {
        RoundTrip.check(new ClientOptions().addBroker(scheme + "://127.0.0.1:" + good).setTlsConfig(trustCa()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void eachTlsVersionWorks(String version) {
        RoundTrip.check(new ClientOptions().addBroker("ssl://localhost:" + good)
                .setTlsConfig(TlsConfig.builder().trustPem(pki.path("ca.pem")).protocols(version).build()));
    }

    @Test
    void trustFromKeyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pki.path("ca.pem"))) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        RoundTrip.check(new ClientOptions().addBroker("ssl://127.0.0.1:" + good)
                .setTlsConfig(TlsConfig.builder().trustStore(ks).build()));
    }

    @Test
    void jvmDefaultTrustRejectsTheTestCa() {
        Throwable e = RoundTrip.connectError(new ClientOptions().addBroker("ssl://127.0.0.1:" + good));
        assertThat(e).isInstanceOf(MqttConnectionException.class).hasMessageContaining("unknown CA");
    }

    @Test
    void wrongCaSaysUnknownCa() {
        Throwable e = RoundTrip.connectError(new ClientOptions().addBroker("ssl://127.0.0.1:" + good)
                .setTlsConfig(TlsConfig.builder().trustPem(pki.path("other-ca.pem")).build()));
        assertThat(e).isInstanceOf(MqttConnectionException.class).hasMessageContaining("unknown CA");
    }

    @Test
    void wrongHostNameSaysMismatch() {
        Throwable e = RoundTrip.connectError(new ClientOptions().addBroker("ssl://127.0.0.1:" + wrongHost)
                .setTlsConfig(trustCa()));
        assertThat(e).isInstanceOf(MqttConnectionException.class)
                .hasMessageContaining("host name mismatch").hasMessageContaining("127.0.0.1");
    }

    @Test
    void expiredCertificateSaysExpired() {
        Throwable e = RoundTrip.connectError(new ClientOptions().addBroker("ssl://127.0.0.1:" + expired)
                .setTlsConfig(trustCa()));
        assertThat(e).isInstanceOf(MqttConnectionException.class).hasMessageContaining("expired");
    }

    @Test
    void serverNameChangesTheCheckedName() {
        RoundTrip.check(new ClientOptions().addBroker("ssl://127.0.0.1:" + wrongHost)
                .setTlsConfig(TlsConfig.builder().trustPem(pki.path("ca.pem")).serverName("wrong.example").build()));
    }

    @Test
    void skipVerificationConnectsToWrongHostAndExpiredAndWarnsForEachAddress() {
        TlsConfig insecure = TlsConfig.builder().insecureSkipVerify().build();
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            RoundTrip.check(new ClientOptions().addBroker("ssl://127.0.0.1:" + wrongHost).setTlsConfig(insecure));
            RoundTrip.check(new ClientOptions().addBroker("ssl://127.0.0.1:" + expired).setTlsConfig(insecure));
        } finally {
            System.setErr(original);
        }
        String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log.split("insecureSkipVerify", -1)).as(log).hasSize(3);
        assertThat(log).contains("WARN");
    }

    @Test
    void skipHostnameOnlyStillChecksTheChain() {
        RoundTrip.check(new ClientOptions().addBroker("ssl://127.0.0.1:" + wrongHost)
                .setTlsConfig(trustCa().insecureSkipHostnameVerification()));
        Throwable e = RoundTrip.connectError(new ClientOptions().addBroker("ssl://127.0.0.1:" + expired)
                .setTlsConfig(trustCa().insecureSkipHostnameVerification()));
        assertThat(e).hasMessageContaining("expired");
    }

    @Test
    void missingClientCertificateSaysSo() {
        Throwable e = RoundTrip.connectError(new ClientOptions().addBroker("ssl://127.0.0.1:" + mutual)
                .setTlsConfig(trustCa()));
        assertThat(e).isInstanceOf(MqttConnectionException.class).hasMessageContaining("client certificate");
    }

    @Test
    void clientCertificateSignedByAnotherCaIsRefused() {
        Throwable e = RoundTrip.connectError(new ClientOptions().addBroker("ssl://127.0.0.1:" + mutual)
                .setTlsConfig(TlsConfig.builder().trustPem(pki.path("ca.pem"))
                        .clientPem(pki.path("other-client.pem"), pki.path("other-client.key")).build()));
        assertThat(e).isInstanceOf(MqttConnectionException.class).hasMessageContaining("client certificate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"client", "client-ec"})
    void mutualTlsWithPemClientCertificate(String name) {
        RoundTrip.check(new ClientOptions().addBroker("ssl://127.0.0.1:" + mutual)
                .setTlsConfig(TlsConfig.builder().trustPem(pki.path("ca.pem"))
                        .clientPem(pki.path(name + ".pem"), pki.path(name + ".key")).build()));
    }

    @Test
    void mutualTlsWithPkcs12ClientCertificate() {
        RoundTrip.check(new ClientOptions().addBroker("ssl://127.0.0.1:" + mutual)
                .setTlsConfig(TlsConfig.builder().trustPem(pki.path("ca.pem"))
                        .clientPkcs12(pki.path("client.p12"), Pki.P12_PASSWORD.toCharArray()).build()));
    }

    @Test
    void connectionAttemptHandlerChoosesTlsPerBroker() {
        List<String> seen = new ArrayList<>();
        RoundTrip.check(new ClientOptions().addBroker("ssl://127.0.0.1:" + mutual)
                .setTlsConfig(trustCa())
                .setConnectionAttemptHandler((uri, tls) -> {
                    seen.add(uri.toString());
                    return TlsConfig.builder().trustPem(pki.path("ca.pem"))
                            .clientPem(pki.path("client.pem"), pki.path("client.key")).build();
                }));
        assertThat(seen).containsExactly("ssl://127.0.0.1:" + mutual);
    }
}
