package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.Authenticator;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.Disconnection;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.Token;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the broker sends after CONNACK that is not the session's: a DISCONNECT (MQTT 5.0), which
 * ends the connection with the broker's reason; an AUTH (MQTT 5.0), a step of re-authentication;
 * and the packets a broker must not send, which end it with a protocol error (whose reason code
 * the connection sends in its own DISCONNECT under 5.0). Runs on the reader thread; user code
 * (the authenticator) is handed to the callback executor. It also starts a re-authentication
 * ({@link #reauthenticate}) and keeps its token, guarded by the client lock.
 */
final class ControlPackets {
    private static final Logger log = LoggerFactory.getLogger(ControlPackets.class);
    private static final int PROTOCOL_ERROR = ReasonCode.PROTOCOL_ERROR.code();

    private final RealMqttClient c;
    // Guarded by the client lock: the re-authentication in progress and its connection.
    private BaseToken reauthentication;
    private Connection reauthenticating;

    ControlPackets(RealMqttClient client) {
        this.c = client;
    }

    /**
     * Starts a re-authentication on the current connection (section 4.12.1): AUTH 0x19 with the
     * authenticator's method and initial data; returns the token, or the one in progress.
     */
    Token reauthenticate() {
        Authenticator a = c.config.authenticator();
        if (a == null) {
            throw new IllegalStateException("reauthenticate() needs an Authenticator: see setAuthenticator");
        }
        BaseToken token = new BaseToken(c.threads.callbacks());
        Connection conn;
        c.lock.lock();
        try {
            c.checkOpen();
            conn = c.connection;
            if (conn == null || c.state != ConnectionState.CONNECTED) {
                throw new IllegalStateException("not connected: re-authentication happens on a connection");
            }
            if (reauthentication != null) {
                return reauthentication;
            }
            reauthentication = token;
            reauthenticating = conn;
        } finally {
            c.lock.unlock();
        }
        byte[] data;
        try {
            data = a.initialData();
        } catch (RuntimeException e) {
            finish(conn, e);
            throw e;
        }
        Properties.Builder b = Properties.builder().string(Property.AUTHENTICATION_METHOD, a.method());
        if (data != null) {
            b.binary(Property.AUTHENTICATION_DATA, data.clone());
        }
        conn.writer().enqueue(new Auth(ReasonCode.RE_AUTHENTICATE.code(), b.build()), null);
        return token;
    }

    /**
     * Ends the re-authentication of a connection, or whichever is open when {@code conn} is
     * null: with success when {@code error} is null, else with the error (the connection lost,
     * the client disconnected).
     */
    void finish(Connection conn, Throwable error) {
        BaseToken done;
        c.lock.lock();
        try {
            if (reauthentication == null || (conn != null && conn != reauthenticating)) {
                return;
            }
            done = reauthentication;
            reauthentication = null;
            reauthenticating = null;
        } finally {
            c.lock.unlock();
        }
        if (error == null) {
            done.complete(null);
        } else {
            done.fail(error);
        }
    }

    /**
     * Returns the DISCONNECT that {@code disconnect(quiesce, how)} sends: the reason code and
     * properties of {@code how}. Checked before anything is closed.
     *
     * @throws IllegalArgumentException if {@code how} is null, or sets a non-zero session expiry
     *     interval where the CONNECT set 0 (a protocol error, section 3.14.2.2.2)
     * @throws IllegalStateException if {@code how} is more than a plain normal disconnection and
     *     the client speaks MQTT 3.1.1, whose DISCONNECT carries nothing
     */
    Disconnect farewell(Disconnection how) {
        if (how == null) {
            throw new IllegalArgumentException("disconnection must not be null: Disconnection.NORMAL is the plain one");
        }
        if (how.isPlain()) {
            return Disconnect.INSTANCE;
        }
        if (!Publisher.speaksV5(c)) {
            throw new IllegalStateException(how + ": a reason code and properties in DISCONNECT need MQTT 5.0;"
                    + " this client speaks 3.1.1 (setProtocolVersion(5)), use disconnect(quiesceMillis)");
        }
        long expiry = how.sessionExpiry().map(Duration::getSeconds).orElse(-1L);
        if (expiry > 0 && c.config.sessionExpiry() == 0) {
            throw new IllegalArgumentException(how + ": the CONNECT set a Session Expiry Interval of 0, and a non-zero"
                    + " one in DISCONNECT is a protocol error (section 3.14.2.2.2); set it with setSessionExpiryInterval");
        }
        Properties.Builder b = Properties.builder();
        if (expiry >= 0) {
            b.number(Property.SESSION_EXPIRY_INTERVAL, expiry);
        }
        how.reasonString().ifPresent(r -> b.string(Property.REASON_STRING, r));
        b.userProperties(how.userProperties());
        return new Disconnect(how.reasonCode(), b.build());
    }

    /** Takes a packet the session does not: CONNACK, DISCONNECT, AUTH, or one only a client sends. */
    void received(Connection conn, Packet p) {
        boolean v5 = conn.version() == ProtocolVersion.MQTT_5;
        if (p.type() == Packet.Type.DISCONNECT && v5) {
            conn.fail(disconnected(conn, p));
        } else if (p instanceof Auth auth) {
            // the decoder refuses AUTH below 5.0: it is a reserved packet type there
            authenticate(conn, auth);
        } else if (p.type() == Packet.Type.CONNACK) {
            conn.fail(new MqttProtocolException("CONNACK from the broker after the connection was accepted:"
                    + " it is sent once [MQTT-3.2.0-1]", PROTOCOL_ERROR, null));
        } else {
            // a 3.1.1 broker never sends DISCONNECT (section 3.14)
            conn.fail(new MqttProtocolException(Packet.Type.name(p.type())
                    + " from the broker: only a client sends it (section 2.2.1, table 2.1)", PROTOCOL_ERROR, null));
        }
    }

    /**
     * Returns what a broker's DISCONNECT says, as the connection-lost handler gets it: the reason
     * code, the reason string and the server reference (section 3.14.2).
     */
    static MqttServerException disconnected(Connection conn, Packet p) {
        int code = p.reasonCode();
        String reason = p.properties().string(Property.REASON_STRING);
        String reference = p.properties().string(Property.SERVER_REFERENCE);
        String text = "the broker " + conn.broker() + " disconnected: " + ReasonCode.name(code)
                + " (reason code 0x" + String.format("%02x", code) + ")"
                + (reason == null ? "" : ": '" + reason + "'")
                + (reference == null ? "" : " (server reference '" + reference + "')");
        return new MqttServerException(text, code, reason, reference);
    }

    /**
     * Answers the broker's challenge during a re-authentication (section 4.12.1): the
     * authenticator runs on the callback executor, never on the reader, and its answer is queued.
     */
    private void authenticate(Connection conn, Auth auth) {
        Authenticator a = c.config.authenticator();
        String method = auth.properties().string(Property.AUTHENTICATION_METHOD);
        if (a == null || !a.method().equals(method)) {
            conn.fail(new MqttProtocolException("AUTH from the broker with method '" + method
                    + "', but the client authenticates with " + (a == null ? "none" : "'" + a.method() + "'")
                    + " [MQTT-4.12.0-6] [MQTT-4.12.1-1]", PROTOCOL_ERROR, null));
            return;
        }
        if (auth.reasonCode() == ReasonCode.SUCCESS.code()) {
            log.debug("re-authenticated with {}", method);
            finish(conn, null);
            return;
        }
        if (auth.reasonCode() != ReasonCode.CONTINUE_AUTHENTICATION.code()) {
            conn.fail(new MqttProtocolException("AUTH from the broker with reason code 0x"
                    + Integer.toHexString(auth.reasonCode()) + ": a server sends 0x00 or 0x18 (section 3.15.2.1)",
                    PROTOCOL_ERROR, null));
            return;
        }
        byte[] data = auth.properties().binary(Property.AUTHENTICATION_DATA);
        byte[] challenge = data == null ? new byte[0] : data.clone();
        c.callbacks.execute(() -> {
            byte[] response;
            try {
                response = a.onChallenge(challenge);
            } catch (RuntimeException e) {
                conn.fail(new MqttProtocolException("re-authentication with " + method
                        + " abandoned: the authenticator threw " + e, ReasonCode.UNSPECIFIED_ERROR.code(), e));
                return;
            }
            conn.writer().enqueue(V5Connect.answer(method, response), null);
        });
    }
}
