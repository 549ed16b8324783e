package dev.kite.cli.mosq;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectionRefusedException;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.transport.TlsConfig;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * What pub and sub share: options from the command line, the {@code -d} packet log, and
 * mosquitto's wording for connection failures.
 */
final class ToolClient {
    private static final String ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** What --insecure relaxes (see {@link Transports#tls}): the host name check, not the chain's. */
    static final String INSECURE_WARNING = "Warning: --insecure: the broker's host name is not checked against its "
            + "certificate; the certificate chain still is.\n";

    final ToolConfig cfg;
    final PrintStream out;
    final PrintStream err;
    final String clientId;
    private int publishesSent;
    private TlsConfig tls;
    volatile int lastSubscribeMid;

    ToolClient(ToolConfig cfg, PrintStream out, PrintStream err) {
        this.cfg = cfg;
        this.out = out;
        this.err = err;
        this.clientId = clientId(cfg);
    }

    // mosquitto 2.0 sends no client id under 3.1.1 (the broker assigns one) and "mosq-" and 18
    // random letters under 3.1, which needs one; -I appends the process id to a prefix.
    private static String clientId(ToolConfig cfg) {
        if (cfg.id != null) {
            return cfg.id;
        }
        if (cfg.idPrefix != null) {
            return cfg.idPrefix + ProcessHandle.current().pid();
        }
        if (cfg.protocolVersion == 3) {
            SecureRandom r = new SecureRandom();
            StringBuilder b = new StringBuilder("kite-");
            for (int i = 0; i < 18; i++) {
                b.append(ALPHANUM.charAt(r.nextInt(ALPHANUM.length())));
            }
            return b.toString();
        }
        return "";
    }

    /**
     * Reads the TLS files named on the command line; on failure reports it as mosquitto does
     * ("Problem setting TLS options") and returns false.
     */
    boolean prepareTransport() {
        if (cfg.tls()) {
            for (String f : new String[] {cfg.cafile, cfg.certfile, cfg.keyfile}) {
                if (f != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(f))) {
                    error("Error: Problem setting TLS options: File not found.\n");
                    return false;
                }
            }
        }
        try {
            tls = Transports.tls(cfg);
            if (cfg.insecure && tls != null && !"wss".equals(cfg.websocket)) {
                // mosquitto says nothing; a user who turned a check off is told which one. Under
                // wss the library refuses the option when connecting, so nothing is relaxed there.
                error(INSECURE_WARNING);
            }
            return true;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            error("Error: Problem setting TLS options: " + e.getMessage() + ".\n");
            return false;
        }
    }

    /** The TLS settings read by {@link #prepareTransport}, or null without TLS. */
    TlsConfig tls() {
        return tls;
    }

    ClientOptions options() {
        ClientOptions o = new ClientOptions()
                .addBroker(Transports.brokerUri(cfg))
                .setClientId(clientId)
                .setCleanSession(cfg.cleanSession)
                .setProtocolVersion(cfg.protocolVersion)
                .setKeepAlive(Duration.ofSeconds(cfg.keepalive))
                .setMaxInflight(cfg.maxInflight)
                // mosquitto_sub accepts any packet MQTT allows; the library's 4 MiB default guards
                // long-lived applications, while the byte bound on queued messages still applies
                .setMaxIncomingPacketSize(ClientOptions.MAX_PACKET_SIZE)
                .setOrderMatters(true);
        if (cfg.username != null) {
            o.setUsername(cfg.username);
        }
        if (cfg.password != null) {
            o.setPassword(cfg.password);
        }
        if (cfg.willTopic != null) {
            o.setBinaryWill(cfg.willTopic, cfg.willPayload == null ? new byte[0] : cfg.willPayload,
                    cfg.willQos, cfg.willRetain);
        }
        if (cfg.protocolVersion == 5) {
            V5Options.apply(cfg, o);
        }
        Transports.apply(cfg, tls, o);
        o.setPacketListener(WireProperties.listener(cfg, cfg.debug ? this::debug : null));
        return o;
    }

    private void debug(PacketListener.Direction direction, String description) {
        boolean sent = direction == PacketListener.Direction.SENT;
        String text = description;
        if (sent && text.startsWith("PUBLISH ")) {
            // libmosquitto gives every publish a message id, QoS 0 too; the wire carries none
            publishesSent++;
            if (text.contains(", q0, ")) {
                text = text.replaceFirst(", m0, ", ", m" + publishesSent + ", ");
            }
        } else if (sent && text.startsWith("SUBSCRIBE (Mid: ")) {
            lastSubscribeMid = ArgParser.atoi(text.substring("SUBSCRIBE (Mid: ".length()));
        }
        if (!sent && text.startsWith("DISCONNECT (")) {
            println("Received " + text); // libmosquitto logs a broker's DISCONNECT without the client id
            return;
        }
        println("Client " + (clientId.isEmpty() ? "(null)" : clientId) + (sent ? " sending " : " received ") + text);
    }

    void println(String line) {
        write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) {
        synchronized (out) {
            out.write(bytes, 0, bytes.length);
            out.flush();
        }
    }

    /** err_printf: nothing under --quiet. */
    void error(String text) {
        if (!cfg.quiet) {
            err.print(text);
            err.flush();
        }
    }

    /**
     * Reports a failed connect as mosquitto does and returns the exit code: the CONNACK return
     * code when refused, else 1.
     */
    int connectFailed(Throwable e, boolean pub) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectionRefusedException refused && cfg.protocolVersion == 5) {
                String reason = V5Options.reasonString(refused.code());
                error("Connection error: " + reason + (refused.code() == 0x84
                        ? ". Try connecting to an MQTT v5 broker, or use MQTT v3.x mode.\n" : "\n"));
                if (pub) {
                    // libmosquitto ends the loop with MOSQ_ERR_PROTOCOL for a 5.0 reason code
                    error("Error: A network protocol error occurred when communicating with the broker.\n");
                }
                return refused.code();
            }
            if (c instanceof ConnectionRefusedException refused) {
                error("Connection error: " + connackString(refused.code()) + "\n");
                if (pub) {
                    error("Error: The connection was refused.\n");
                }
                return refused.code();
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                error("Unable to connect (Lookup error.).\n");
                return 1;
            }
            if (c instanceof ConnectException) {
                error("Error: Connection refused\n");
                return 1;
            }
            if (c instanceof NoRouteToHostException) {
                error("Error: No route to host\n");
                return 1;
            }
            if (c instanceof javax.net.ssl.SSLException) {
                // mosquitto says this and exits with MOSQ_ERR_TLS (8) when the handshake fails in
                // its network loop; when it fails inside mosquitto_connect it prints "Unable to
                // connect (A TLS error occurred.)." and exits 1; a refused client certificate under
                // TLS 1.3 can also end as 2 or 7: it depends on timing, 8 is the common case
                error("Error: A TLS error occurred.\n");
                return 8;
            }
            if (c instanceof SocketTimeoutException) {
                error("Error: Connection timed out\n");
                return 1;
            }
        }
        error("Error: " + e.getMessage() + "\n");
        return 1;
    }

    /** mosquitto_connack_string. */
    static String connackString(int code) {
        return switch (code) {
            case 0 -> "Connection Accepted.";
            case 1 -> "Connection Refused: unacceptable protocol version.";
            case 2 -> "Connection Refused: identifier rejected.";
            case 3 -> "Connection Refused: broker unavailable.";
            case 4 -> "Connection Refused: bad user name or password.";
            case 5 -> "Connection Refused: not authorised.";
            default -> "Connection Refused: unknown reason.";
        };
    }

    /** Connects and waits for the CONNACK; returns 0, or the exit code after reporting the failure. */
    int connect(MqttClient client, boolean pub) {
        var token = client.connect();
        token.waitFor();
        if (token.error() != null) {
            return connectFailed(token.error(), pub);
        }
        return 0;
    }
}
