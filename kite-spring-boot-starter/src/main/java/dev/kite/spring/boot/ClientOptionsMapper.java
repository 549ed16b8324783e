package dev.kite.spring.boot;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.store.FileStore;
import dev.kite.mqtt.transport.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns {@link KiteMqttProperties} into {@link ClientOptions}. Kite's setters check their values;
 * what they refuse comes back as an {@link IllegalArgumentException} that names the property, so
 * a bad {@code application.properties} line fails start-up saying which line.
 */
final class ClientOptionsMapper {
    private static final String PREFIX = "kite.mqtt.";

    private ClientOptionsMapper() {
    }

    static ClientOptions toOptions(KiteMqttProperties p) {
        ClientOptions o = new ClientOptions();
        List<String> brokers = p.getBrokers();
        if (brokers == null || brokers.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "brokers is empty: give at least one broker address,"
                    + " such as tcp://127.0.0.1:1883");
        }
        for (int i = 0; i < brokers.size(); i++) {
            set("brokers[" + i + "]", brokers.get(i), o::addBroker);
        }
        set("client-id", p.getClientId(), o::setClientId);
        set("username", p.getUsername(), o::setUsername);
        if (p.getPassword() != null) {
            // the value stays out of the message: Kite's checks name no password either
            set("password", p.getPassword(), o::setPassword);
        }
        set("protocol-version", p.getProtocolVersion(), o::setProtocolVersion);
        set("clean-session", p.getCleanSession(), o::setCleanSession);
        set("session-expiry", p.getSessionExpiry(), o::setSessionExpiryInterval);
        set("keep-alive", p.getKeepAlive(), o::setKeepAlive);
        set("connect-timeout", p.getConnectTimeout(), o::setConnectTimeout);
        set("auto-reconnect", p.getAutoReconnect(), o::setAutoReconnect);
        set("max-reconnect-interval", p.getMaxReconnectInterval(), o::setMaxReconnectInterval);
        set("connect-retry", p.getConnectRetry(), o::setConnectRetry);
        set("connect-retry-interval", p.getConnectRetryInterval(), o::setConnectRetryInterval);
        set("store-directory", p.getStoreDirectory(), dir -> o.setStore(new FileStore(dir)));
        if (p.getTls().isConfigured()) {
            o.setTlsConfig(tls(p.getTls()));
        }
        return o;
    }

    private static TlsConfig tls(KiteMqttProperties.Tls tls) {
        TlsConfig.Builder b = TlsConfig.builder();
        if (tls.getCaFile() != null) {
            b.trustPem(readable("tls.ca-file", tls.getCaFile()));
        }
        if ((tls.getCertificateFile() == null) != (tls.getPrivateKeyFile() == null)) {
            throw new IllegalArgumentException(PREFIX + "tls.certificate-file and " + PREFIX
                    + "tls.private-key-file: give both for a client certificate, or neither");
        }
        if (tls.getCertificateFile() != null) {
            b.clientPem(readable("tls.certificate-file", tls.getCertificateFile()),
                    readable("tls.private-key-file", tls.getPrivateKeyFile()));
        }
        if (tls.getServerName() != null) {
            b.serverName(tls.getServerName());
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(PREFIX + "tls: " + e.getMessage(), e);
        }
    }

    private static Path readable(String property, Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(PREFIX + property + " '" + file + "': no such readable file");
        }
        return file;
    }

    /** Applies a set value through a Kite setter, naming the property in what the setter refuses. */
    private static <T> void set(String property, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(PREFIX + property + ": " + e.getMessage(), e);
        }
    }
}
