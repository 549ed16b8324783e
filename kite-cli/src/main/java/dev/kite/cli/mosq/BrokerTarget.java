package dev.kite.cli.mosq;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.transport.TlsConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Where and how to connect, parsed from mosquitto_sub's connection flags ({@code -h -p -L -u -P
 * -k -V --cafile --capath --cert --key --insecure --tls-version --unix --proxy}) with the same
 * checks and messages as {@code kite sub}. {@code kite bench} uses it so that its broker flags
 * mean exactly what they mean for pub and sub.
 */
public final class BrokerTarget {
    private final ToolConfig cfg;
    private final TlsConfig tls;
    private final String uri;

    private BrokerTarget(ToolConfig cfg, TlsConfig tls) {
        this.cfg = cfg;
        this.tls = tls;
        this.uri = Transports.brokerUri(cfg);
    }

    /**
     * Parses connection flags; on a bad flag prints mosquitto's message to {@code err} and
     * returns null. The TLS files are read once, here.
     *
     * @param flags the flags, each a separate word
     * @param err where errors go
     * @return the target, or null
     */
    public static BrokerTarget parse(List<String> flags, PrintStream err) {
        ToolConfig cfg = new ToolConfig(Tool.SUB);
        String[] argv = flags.toArray(new String[flags.size() + 2]);
        argv[flags.size()] = "-t";
        argv[flags.size() + 1] = "kite/bench/unused";
        if (new ArgParser(cfg, err).parse(argv) != ArgParser.Result.OK) {
            err.flush();
            return null;
        }
        ToolClient tc = new ToolClient(cfg, err, err);
        if (!tc.prepareTransport()) {
            return null;
        }
        return new BrokerTarget(cfg, tc.tls());
    }

    /** The broker URI, such as {@code ssl://localhost:8883} or {@code unix:///run/mqtt.sock}. */
    public String uri() {
        return uri;
    }

    /**
     * New options for one client: broker, TLS, proxy, credentials, keepalive, protocol version.
     *
     * @param clientId the client id
     * @return fresh options the caller may change further
     */
    public ClientOptions options(String clientId) {
        ClientOptions o = new ClientOptions()
                .addBroker(uri)
                .setClientId(clientId)
                .setCleanSession(true)
                .setProtocolVersion(cfg.protocolVersion)
                .setKeepAlive(Duration.ofSeconds(cfg.keepalive))
                .setMaxInflight(cfg.maxInflight);
        if (cfg.username != null) {
            o.setUsername(cfg.username);
        }
        if (cfg.password != null) {
            o.setPassword(cfg.password);
        }
        Transports.apply(cfg, tls, o);
        return o;
    }

    /** Mosquitto's wording for a failed connect ("Connection refused", "A TLS error occurred."). */
    public static String describe(Throwable e) {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        PrintStream p = new PrintStream(sink, true, java.nio.charset.StandardCharsets.UTF_8);
        ToolConfig quiet = new ToolConfig(Tool.SUB);
        new ToolClient(quiet, p, p).connectFailed(e, false);
        return sink.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
    }
}
