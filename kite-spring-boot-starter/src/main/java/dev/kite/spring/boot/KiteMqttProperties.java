package dev.kite.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code kite.mqtt.*} properties the starter turns into the {@code MqttClient} bean. A property
 * left unset keeps Kite's own default (the one of {@code new ClientOptions()}), named on each.
 *
 * <pre>
 * kite.mqtt.brokers=tcp://127.0.0.1:1883
 * kite.mqtt.client-id=orders-service
 * kite.mqtt.connect-retry=true
 * </pre>
 *
 * @since 0.2
 */
@ConfigurationProperties("kite.mqtt")
public class KiteMqttProperties {
    /** Broker addresses, tried in order: scheme://host:port (tcp, ssl, ws, wss, unix). */
    private List<String> brokers = new ArrayList<>(List.of("tcp://127.0.0.1:1883"));

    /** Client identifier. Kite's default: empty (the broker assigns one; needs a clean session). */
    private String clientId;

    /** User name sent in CONNECT. */
    private String username;

    /** Password sent in CONNECT. Never logged. */
    private String password;

    /** MQTT protocol version: 3 (3.1), 4 (3.1.1) or 5 (5.0). Kite's default: 3.1.1, falling back to 3.1. */
    private Integer protocolVersion;

    /** Whether the broker starts a new session at each connect. Kite's default: true. */
    private Boolean cleanSession;

    /** MQTT 5.0 session expiry interval, whole seconds. Kite's default: none (the session ends with the connection). */
    private Duration sessionExpiry;

    /** Keep alive interval, whole seconds; 0 disables pings. Kite's default: 30s. */
    private Duration keepAlive;

    /** Time allowed to open the connection and receive CONNACK. Kite's default: 30s. */
    private Duration connectTimeout;

    /** Whether a lost connection is re-established. Kite's default: true. */
    private Boolean autoReconnect;

    /** Upper bound of the back-off between reconnect attempts. Kite's default: 10m. */
    private Duration maxReconnectInterval;

    /** Whether the first connect keeps trying when no broker answers. Kite's default: false. */
    private Boolean connectRetry;

    /** Time between first-connect attempts with connect-retry. Kite's default: 30s. */
    private Duration connectRetryInterval;

    /** Directory of a crash-safe file store for in-flight messages. Kite's default: in memory. */
    private Path storeDirectory;

    /** TLS settings for ssl:// and wss:// brokers. */
    private final Tls tls = new Tls();

    /** When the client connects and disconnects within the application's life. */
    private final Lifecycle lifecycle = new Lifecycle();

    /** Returns the broker addresses. */
    public List<String> getBrokers() {
        return brokers;
    }

    /** Sets the broker addresses. @param brokers the addresses, tried in order */
    public void setBrokers(List<String> brokers) {
        this.brokers = brokers;
    }

    /** Returns the client identifier, or {@code null} for Kite's default. */
    public String getClientId() {
        return clientId;
    }

    /** Sets the client identifier. @param clientId the identifier */
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    /** Returns the user name, or {@code null}. */
    public String getUsername() {
        return username;
    }

    /** Sets the user name. @param username the user name */
    public void setUsername(String username) {
        this.username = username;
    }

    /** Returns the password, or {@code null}. */
    public String getPassword() {
        return password;
    }

    /** Sets the password. @param password the password */
    public void setPassword(String password) {
        this.password = password;
    }

    /** Returns the protocol version, or {@code null} for Kite's default. */
    public Integer getProtocolVersion() {
        return protocolVersion;
    }

    /** Sets the protocol version. @param protocolVersion 3, 4 or 5 */
    public void setProtocolVersion(Integer protocolVersion) {
        this.protocolVersion = protocolVersion;
    }

    /** Returns whether sessions are clean, or {@code null} for Kite's default. */
    public Boolean getCleanSession() {
        return cleanSession;
    }

    /** Sets whether sessions are clean. @param cleanSession the flag */
    public void setCleanSession(Boolean cleanSession) {
        this.cleanSession = cleanSession;
    }

    /** Returns the MQTT 5.0 session expiry interval, or {@code null}. */
    public Duration getSessionExpiry() {
        return sessionExpiry;
    }

    /** Sets the MQTT 5.0 session expiry interval. @param sessionExpiry whole seconds */
    public void setSessionExpiry(Duration sessionExpiry) {
        this.sessionExpiry = sessionExpiry;
    }

    /** Returns the keep alive interval, or {@code null} for Kite's default. */
    public Duration getKeepAlive() {
        return keepAlive;
    }

    /** Sets the keep alive interval. @param keepAlive whole seconds, 0 disables pings */
    public void setKeepAlive(Duration keepAlive) {
        this.keepAlive = keepAlive;
    }

    /** Returns the connect timeout, or {@code null} for Kite's default. */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** Sets the connect timeout. @param connectTimeout the timeout */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** Returns whether the client reconnects, or {@code null} for Kite's default. */
    public Boolean getAutoReconnect() {
        return autoReconnect;
    }

    /** Sets whether the client reconnects. @param autoReconnect the flag */
    public void setAutoReconnect(Boolean autoReconnect) {
        this.autoReconnect = autoReconnect;
    }

    /** Returns the longest reconnect back-off, or {@code null} for Kite's default. */
    public Duration getMaxReconnectInterval() {
        return maxReconnectInterval;
    }

    /** Sets the longest reconnect back-off. @param maxReconnectInterval the interval */
    public void setMaxReconnectInterval(Duration maxReconnectInterval) {
        this.maxReconnectInterval = maxReconnectInterval;
    }

    /** Returns whether the first connect retries, or {@code null} for Kite's default. */
    public Boolean getConnectRetry() {
        return connectRetry;
    }

    /** Sets whether the first connect retries. @param connectRetry the flag */
    public void setConnectRetry(Boolean connectRetry) {
        this.connectRetry = connectRetry;
    }

    /** Returns the first-connect retry interval, or {@code null} for Kite's default. */
    public Duration getConnectRetryInterval() {
        return connectRetryInterval;
    }

    /** Sets the first-connect retry interval. @param connectRetryInterval the interval */
    public void setConnectRetryInterval(Duration connectRetryInterval) {
        this.connectRetryInterval = connectRetryInterval;
    }

    /** Returns the file store's directory, or {@code null} for a memory store. */
    public Path getStoreDirectory() {
        return storeDirectory;
    }

    /** Sets the file store's directory. @param storeDirectory the directory */
    public void setStoreDirectory(Path storeDirectory) {
        this.storeDirectory = storeDirectory;
    }

    /** Returns the TLS settings. */
    public Tls getTls() {
        return tls;
    }

    /** Returns the lifecycle settings. */
    public Lifecycle getLifecycle() {
        return lifecycle;
    }

    /** {@code kite.mqtt.tls.*}: trust and client certificates from PEM files. */
    public static class Tls {
        /** PEM file of the certificate authorities to trust instead of the JVM's. */
        private Path caFile;

        /** PEM file of the client certificate (mutual TLS); needs private-key-file. */
        private Path certificateFile;

        /** PEM file of the client certificate's private key (PKCS#8). */
        private Path privateKeyFile;

        /** Server name to send (SNI) and verify instead of the broker's host. */
        private String serverName;

        /** Returns the CA file, or {@code null} for the JVM's trust. */
        public Path getCaFile() {
            return caFile;
        }

        /** Sets the CA file. @param caFile a PEM file */
        public void setCaFile(Path caFile) {
            this.caFile = caFile;
        }

        /** Returns the client certificate file, or {@code null}. */
        public Path getCertificateFile() {
            return certificateFile;
        }

        /** Sets the client certificate file. @param certificateFile a PEM file */
        public void setCertificateFile(Path certificateFile) {
            this.certificateFile = certificateFile;
        }

        /** Returns the client key file, or {@code null}. */
        public Path getPrivateKeyFile() {
            return privateKeyFile;
        }

        /** Sets the client key file. @param privateKeyFile a PEM file */
        public void setPrivateKeyFile(Path privateKeyFile) {
            this.privateKeyFile = privateKeyFile;
        }

        /** Returns the server name, or {@code null} for the broker's host. */
        public String getServerName() {
            return serverName;
        }

        /** Sets the server name. @param serverName the name */
        public void setServerName(String serverName) {
            this.serverName = serverName;
        }

        boolean isConfigured() {
            return caFile != null || certificateFile != null || privateKeyFile != null || serverName != null;
        }
    }

    /** {@code kite.mqtt.lifecycle.*}: connecting at start-up and disconnecting at shutdown. */
    public static class Lifecycle {
        /** Whether the client connects when the application context starts. */
        private boolean autoStartup = true;

        /**
         * How long start-up waits for the first connect; 0 does not wait. A connect that fails in
         * this time fails start-up; one still trying (connect-retry) lets it go on.
         */
        private Duration startupTimeout = Duration.ofSeconds(10);

        /** Whether start-up fails when the client is not connected after startup-timeout. */
        private boolean failOnStartupTimeout;

        /** Time disconnect allows in-flight messages to complete at shutdown. */
        private Duration shutdownQuiesce = Duration.ofMillis(250);

        /** Returns whether the client connects at start-up. */
        public boolean isAutoStartup() {
            return autoStartup;
        }

        /** Sets whether the client connects at start-up. @param autoStartup the flag */
        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        /** Returns how long start-up waits for the first connect. */
        public Duration getStartupTimeout() {
            return startupTimeout;
        }

        /** Sets how long start-up waits for the first connect. @param startupTimeout 0 or more */
        public void setStartupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
        }

        /** Returns whether start-up fails when not connected in time. */
        public boolean isFailOnStartupTimeout() {
            return failOnStartupTimeout;
        }

        /** Sets whether start-up fails when not connected in time. @param fail the flag */
        public void setFailOnStartupTimeout(boolean fail) {
            this.failOnStartupTimeout = fail;
        }

        /** Returns the quiesce time given to disconnect at shutdown. */
        public Duration getShutdownQuiesce() {
            return shutdownQuiesce;
        }

        /** Sets the quiesce time given to disconnect at shutdown. @param shutdownQuiesce 0 or more */
        public void setShutdownQuiesce(Duration shutdownQuiesce) {
            this.shutdownQuiesce = shutdownQuiesce;
        }
    }
}
