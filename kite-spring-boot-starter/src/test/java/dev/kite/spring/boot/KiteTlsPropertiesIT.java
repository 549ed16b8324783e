package dev.kite.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import dev.kite.testing.FreePort;
import dev.kite.testing.MosquittoBroker;
import dev.kite.testing.Pki;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code kite.mqtt.tls.*} files against a Mosquitto that requires a client certificate. */
class KiteTlsPropertiesIT {
    @AutoClose
    private static Pki pki;
    @AutoClose
    private static MosquittoBroker broker;
    private static int tlsPort;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KiteMqttAutoConfiguration.class));

    @BeforeAll
    static void start() {
        pki = Pki.create();
        tlsPort = FreePort.find();
        broker = MosquittoBroker.builder().tlsListener(tlsPort, pki, "server", true).start();
    }

    @Test
    void caAndClientCertificateFromPropertiesConnect() {
        runner.withPropertyValues("kite.mqtt.brokers=ssl://127.0.0.1:" + tlsPort,
                "kite.mqtt.tls.ca-file=" + pki.path("ca.pem"),
                "kite.mqtt.tls.certificate-file=" + pki.path("client.pem"),
                "kite.mqtt.tls.private-key-file=" + pki.path("client.key")).run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(MqttClient.class).state()).isEqualTo(ConnectionState.CONNECTED);
                });
    }

    @Test
    void withoutTheClientCertificateTheBrokerRefusesAndStartupFails() {
        runner.withPropertyValues("kite.mqtt.brokers=ssl://127.0.0.1:" + tlsPort,
                "kite.mqtt.tls.ca-file=" + pki.path("ca.pem"))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("kite.mqtt: could not connect to [ssl://127.0.0.1:" + tlsPort + "]"));
    }
}
