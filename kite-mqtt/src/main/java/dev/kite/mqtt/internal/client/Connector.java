package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.Authenticator;
import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.ConnectionRefusedException;
import dev.kite.mqtt.CredentialsProvider;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.MqttException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.PropertyViews;
import dev.kite.mqtt.internal.transport.Link;
import dev.kite.mqtt.internal.transport.Dial;
import dev.kite.mqtt.internal.transport.Secrets;
import dev.kite.mqtt.internal.transport.Transports;
import dev.kite.mqtt.transport.TlsConfig;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the brokers, in order: open the transport, send CONNECT, await CONNACK, all
 * within the connect timeout. When the version was not set explicitly, a broker that refuses
 * 3.1.1 as an unacceptable protocol version, or closes before any CONNACK, is tried again with
 * 3.1. Under MQTT 5.0 the CONNECT's properties come from {@link V5Connect}, the
 * {@link ConnackReader} answers each AUTH challenge before the CONNACK with the
 * {@link Authenticator}, and a refusal that points to another server is followed when the
 * options say so. Between passes it keeps only what a broker told
 * it for the next ones: the client identifier a 5.0 broker assigned and a server to try first.
 * Brokers' user information reaches the CONNECT and nothing else: the transports, the attempt
 * handler and every message get the address without it.
 */
final class Connector {
    private static final Logger log = LoggerFactory.getLogger(Connector.class);

    /** An accepted connection, ready for a {@link Connection}. */
    record Accepted(URI broker, ProtocolVersion version, Link link, FrameDecoder decoder, List<Packet> early,
                    Connack connack) {
        /** Returns what the CONNACK's properties say: {@link ConnackProperties#DEFAULTS} under 3.1.1. */
        ConnackProperties properties() {
            return PropertyViews.connack(connack.properties());
        }
    }

    /** Opens a link to a broker: {@link Transports#open} but in tests. */
    @FunctionalInterface
    interface Dialer {
        Link open(URI broker, Dial dial) throws IOException;
    }

    private final ClientConfig config;
    private final byte[] password;
    private final List<Broker> brokers;
    private final Dialer dialer;
    private volatile Link inProgress;
    private volatile boolean aborted;
    /** Runs the connect timeout's guard: the shared scheduler, or the client's own. */
    private volatile ScheduledExecutorService timers = Threads.SCHEDULER;
    /** The client identifier a 5.0 broker assigned, sent in later CONNECTs; null before. */
    private volatile String assignedClientId;
    /** A broker to try first in the next pass, from a server reference; null for none. */
    private volatile Broker redirect;

    /**
     * Creates a connector.
     *
     * @param config the client's config
     * @param password the client's copy of the password bytes, or null; cleared by {@link #clearSecrets()}
     * @param brokers the brokers with their user information apart
     * @param dialer opens the links
     */
    Connector(ClientConfig config, byte[] password, List<Broker> brokers, Dialer dialer) {
        this.config = config;
        this.password = password;
        this.brokers = List.copyOf(brokers);
        this.dialer = dialer;
    }

    /** Runs the connect timeout's guard on {@code scheduler} (the client's own, when it has one). */
    void useScheduler(ScheduledExecutorService scheduler) {
        this.timers = scheduler;
    }

    /**
     * Tries every broker once.
     *
     * @param locked the version a previous connect settled on, or null
     * @return the accepted connection
     * @throws MqttException the first broker's error, with the other brokers' errors suppressed in
     *     it: "A refused the credentials" must not hide behind "B is unreachable"
     */
    Accepted connectOnce(ProtocolVersion locked) {
        if (brokers.isEmpty()) {
            throw new MqttConnectionException("no servers defined to connect to");
        }
        MqttException first = null;
        List<Broker> order = brokers;
        Broker referenced = redirect;
        if (referenced != null) {
            redirect = null;
            order = new ArrayList<>(brokers.size() + 1);
            order.add(referenced);
            order.addAll(brokers);
        }
        for (Broker broker : order) {
            try {
                return connectFollowing(broker, locked);
            } catch (MqttException e) {
                if (aborted) {
                    throw e;
                }
                log.debug("connect to {} failed: {}", broker, e.getMessage());
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw first;
    }

    /**
     * Tries one broker and, when it refuses with a server reference that the options say to
     * follow, the server it points to: at most {@link ServerReference#MAX_IN_A_ROW} in a row.
     */
    private Accepted connectFollowing(Broker broker, ProtocolVersion locked) {
        Broker target = broker;
        ConnectionRefusedException pointedHere = null;
        for (int hops = 0; ; hops++) {
            try {
                return connectTo(target, locked);
            } catch (ConnectionRefusedException e) {
                if (pointedHere != null) {
                    e.addSuppressed(pointedHere);
                }
                Broker next = hops < ServerReference.MAX_IN_A_ROW ? follow(e, target) : null;
                if (next == null) {
                    throw e;
                }
                log.debug("{} refused with a server reference; trying {}", target, next);
                pointedHere = e;
                target = next;
            } catch (MqttException e) {
                if (pointedHere != null) {
                    e.addSuppressed(pointedHere);
                }
                throw e;
            }
        }
    }

    /** Returns the broker a 5.0 refusal or DISCONNECT points to, if the options say to follow it. */
    Broker follow(MqttServerException error, Broker from) {
        if (!config.followServerReference() || aborted) {
            return null;
        }
        return ServerReference.of(error, from).orElse(null);
    }

    /**
     * Makes the next pass try a broker first: where a DISCONNECT pointed.
     *
     * @param error the broker's DISCONNECT, as the connection-lost handler gets it
     * @param from the address of the broker that sent it
     * @return whether the error points to a broker that will be tried
     */
    boolean redirectAfter(MqttServerException error, URI from) {
        Broker source = brokers.stream().filter(b -> b.uri().equals(from)).findFirst().orElse(new Broker(from, null));
        Broker next = follow(error, source);
        redirect = next;
        return next != null;
    }

    /** Returns the client identifier the broker assigned (MQTT 5.0), or null if none was. */
    String assignedClientId() {
        return assignedClientId;
    }

    /** Tries one broker, with 3.1 after 3.1.1 where the version was not set and 3.1.1 was refused. */
    private Accepted connectTo(Broker broker, ProtocolVersion locked) {
        MqttException refused = null;
        for (ProtocolVersion version : versions(locked)) {
            if (aborted) {
                throw new MqttConnectionException("connect aborted: the client is disconnecting");
            }
            try {
                return attempt(broker, version);
            } catch (Fallback f) {
                refused = f.error;
                log.debug("{} answered MQTT {} with: {}; trying the next version", broker, version,
                        f.error.getMessage());
            } catch (MqttException e) {
                if (refused != null) {
                    e.addSuppressed(refused);
                }
                throw e;
            }
        }
        throw refused;
    }

    private List<ProtocolVersion> versions(ProtocolVersion locked) {
        int asked = config.protocolVersion() & 0x7F;
        if (asked != 0) {
            return List.of(ProtocolVersion.ofLevel(asked));
        }
        if (locked != null) {
            return List.of(locked);
        }
        return List.of(ProtocolVersion.MQTT_3_1_1, ProtocolVersion.MQTT_3_1);
    }

    private Accepted attempt(Broker broker, ProtocolVersion version) throws Fallback {
        TlsConfig tls = config.tlsConfig();
        if (config.connectionAttemptHandler() != null) {
            tls = config.connectionAttemptHandler().attempt(broker.uri(), tls);
        }
        Duration timeout = config.connectTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        Link link;
        try {
            link = dialer.open(broker.uri(), new Dial(tls, config.proxy(), config.httpHeaders(),
                    config.websocketOptions(), timeout));
        } catch (IOException e) {
            throw new MqttConnectionException(e.getMessage(), e);
        }
        inProgress = link;
        if (aborted) {
            link.close();
            throw new MqttConnectionException("connect aborted: the client is disconnecting");
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> guard = timers.schedule(() -> {
            timedOut.set(true);
            link.close();
        }, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        boolean ok = false;
        try {
            Accepted accepted = handshake(broker, version, link, timedOut);
            ok = true;
            return accepted;
        } finally {
            guard.cancel(false);
            inProgress = null;
            if (!ok) {
                link.close();
            }
        }
    }

    private Accepted handshake(Broker broker, ProtocolVersion version, Link link, AtomicBoolean timedOut)
            throws Fallback {
        String where = broker.toString();
        boolean fallbackAllowed = (config.protocolVersion() == 0) && version == ProtocolVersion.MQTT_3_1_1;
        boolean v5 = version == ProtocolVersion.MQTT_5;
        try {
            OutputStream out = link.output();
            Connect connect = connectPacket(broker, version);
            log.trace("{} -> {}", where, connect);
            byte[] frame = Encoder.encode(connect, version);
            try {
                out.write(frame);
                out.flush();
            } finally {
                // the frame and the attempt's copy hold the password; the client's copy stays for reconnects
                Arrays.fill(frame, (byte) 0);
                if (connect.password() != null) {
                    Arrays.fill(connect.password(), (byte) 0);
                }
            }
            PacketDescriptions.report(config.packetListener(), PacketListener.Direction.SENT, connect);
            ConnackReader reader = new ConnackReader(config, where, version);
            Connack connack = reader.read(link.input(), out);
            if (v5 && connack.returnCode() != 0) {
                ConnackProperties refusal = PropertyViews.connack(connack.properties());
                throw new ConnectionRefusedException(where, version, connack.returnCode(),
                        refusal.reasonString().orElse(null), refusal.serverReference().orElse(null));
            }
            if (connack.returnCode() != 0) {
                ConnectionRefusedException refused = new ConnectionRefusedException(where, connack.returnCode());
                if (connack.returnCode() == 1 && fallbackAllowed) {
                    throw new Fallback(refused);
                }
                throw refused;
            }
            Connack accepted = connack;
            if (connack.sessionPresent() && connect.cleanSession()) {
                // [MQTT-3.2.2-1] a clean session is never present, yet some brokers say it is (see
                // docs/RELIABILITY.md); believing them would skip resubscribing and lose every
                // subscription, so the session is taken as the new one it must be
                log.warn("{} answered a clean-session CONNECT with session present, which MQTT forbids"
                        + " [MQTT-3.2.2-1]; taken as no session: subscriptions are sent again", where);
                accepted = new Connack(false, 0, connack.properties());
            }
            if (v5) {
                String assigned = connack.properties().string(Property.ASSIGNED_CLIENT_IDENTIFIER);
                if (assigned != null) {
                    // reconnects use it, so a session that outlives the connection is found again
                    assignedClientId = assigned;
                }
            }
            return new Accepted(broker.uri(), version, link, reader.decoder(), reader.early(), accepted);
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new MqttConnectionException("no CONNACK from " + where + " within "
                        + config.connectTimeout().toMillis() + " ms", e);
            }
            MqttConnectionException error = new MqttConnectionException("connect to " + where + " failed: "
                    + e.getMessage() + (v5 && e instanceof EOFException
                            ? " (a broker that does not speak MQTT 5.0 may close so)" : ""), e);
            if (e instanceof EOFException && fallbackAllowed) {
                throw new Fallback(error);
            }
            throw error;
        }
    }

    /** The CONNECT of one attempt; its password is this attempt's own copy, cleared once written. */
    private Connect connectPacket(Broker broker, ProtocolVersion version) {
        boolean v5 = version == ProtocolVersion.MQTT_5;
        CredentialsProvider provider = config.credentialsProvider();
        String username;
        byte[] pass;
        if (provider != null) {
            CredentialsProvider.Credentials c = provider.credentials();
            username = c == null ? null : c.username();
            pass = c == null || c.password() == null ? null : c.password().clone();
        } else if (broker.rawUserInfo() != null) {
            // RFC 3986 percent-decoding, not URLDecoder's HTML-form rules: '+' stays '+'
            username = Secrets.user(broker.rawUserInfo());
            pass = Secrets.password(broker.rawUserInfo());
        } else {
            username = config.username();
            pass = password == null ? null : password.clone();
        }
        if ((username == null || username.isEmpty()) && pass != null && !v5) {
            // [MQTT-3.1.2-22] no password without a user name (5.0 allows one, section 3.1.2.9)
            Arrays.fill(pass, (byte) 0);
            pass = null;
        }
        if (username != null && username.isEmpty()) {
            username = null;
        }
        Connect.Will will = config.willEnabled()
                ? new Connect.Will(config.willTopic(), config.willPayload(), config.willQos(), config.willRetained(),
                        v5 ? PropertyViews.of(config.willProperties()) : Properties.EMPTY)
                : null;
        boolean bridge = (config.protocolVersion() & 0x80) != 0;
        String clientId = config.clientId();
        String assigned = assignedClientId;
        if (clientId.isEmpty() && assigned != null) {
            clientId = assigned;
        }
        return new Connect(version, bridge, config.cleanSession(), (int) config.keepAlive().toSeconds(),
                clientId, will, username, pass, v5 ? V5Connect.properties(config) : Properties.EMPTY);
    }

    /** Clears the client's password bytes: the client is closed and connects no more. */
    void clearSecrets() {
        if (password != null) {
            Arrays.fill(password, (byte) 0);
        }
    }

    /** Undoes {@link #abort()}: the client connects again after {@code disconnect()}. */
    void resume() {
        aborted = false;
    }

    /** Stops the pass in progress: closes the link being opened, refuses further attempts until {@link #resume}. */
    void abort() {
        aborted = true;
        Link l = inProgress;
        if (l != null) {
            l.close();
        }
    }
}
