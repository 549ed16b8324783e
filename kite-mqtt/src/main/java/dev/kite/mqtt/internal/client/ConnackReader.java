package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.Authenticator;
import dev.kite.mqtt.ConnectionRefusedException;
import dev.kite.mqtt.MqttException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the broker's answer to a CONNECT on one link, in whatever chunks it comes, up to the
 * CONNACK. Under MQTT 5.0 each AUTH challenge before it is answered with the
 * {@link Authenticator} (section 4.12), and a protocol error is told to the broker in a
 * DISCONNECT with its reason code before the link is given up. Packets that came in the same
 * reads as the CONNACK are kept for the connection, with the decoder that is mid-stream.
 */
final class ConnackReader {
    private static final Logger log = LoggerFactory.getLogger(ConnackReader.class);

    private final ClientConfig config;
    private final String where;
    private final ProtocolVersion version;
    private final FrameDecoder decoder;
    private final List<Packet> packets = new ArrayList<>();

    ConnackReader(ClientConfig config, String where, ProtocolVersion version) {
        this.config = config;
        this.where = where;
        this.version = version;
        this.decoder = new FrameDecoder(config.maxIncomingPacketSize(), version);
    }

    /** Returns the decoder, positioned after the packets read so far. */
    FrameDecoder decoder() {
        return decoder;
    }

    /** Returns the packets that followed the CONNACK in its reads: the connection handles them first. */
    List<Packet> early() {
        return packets;
    }

    /**
     * Reads until the CONNACK, answering AUTH challenges on {@code out}.
     *
     * @return the CONNACK, whatever its code
     * @throws EOFException if the broker closed first
     * @throws ConnectionRefusedException if a 3.1.1 broker answered a 5.0 CONNECT with its return code
     * @throws MqttServerException if a 5.0 broker sent DISCONNECT instead of a CONNACK (see {@link #refusedBy})
     * @throws MqttProtocolException if the bytes break the protocol (under 5.0 the broker was told why)
     * @throws MqttException if the authenticator threw
     */
    Connack read(InputStream in, OutputStream out) throws IOException {
        try {
            return readConnack(in, out);
        } catch (MqttProtocolException e) {
            if (version == ProtocolVersion.MQTT_5) {
                sayWhy(out, e);
            }
            throw e;
        }
    }

    private Connack readConnack(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        boolean firstRead = true;
        while (true) {
            while (packets.isEmpty()) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new EOFException("connection closed by " + where + " before CONNACK");
                }
                feed(buf, n, firstRead);
                firstRead = false;
            }
            Packet first = packets.remove(0);
            log.trace("{} <- {}", where, first);
            PacketDescriptions.report(config.packetListener(), PacketListener.Direction.RECEIVED, first);
            if (first instanceof Connack connack) {
                return connack;
            }
            if (version == ProtocolVersion.MQTT_5 && first instanceof Disconnect refusal) {
                throw refusedBy(refusal);
            }
            if (!(version == ProtocolVersion.MQTT_5 && first instanceof Auth challenge)) {
                throw new MqttProtocolException(where + " sent " + Packet.Type.name(first.type())
                        + " before CONNACK [MQTT-3.2.0-1]", ReasonCode.PROTOCOL_ERROR.code(), null);
            }
            answer(challenge, out);
        }
    }

    /**
     * Returns the error for a 5.0 DISCONNECT received instead of a CONNACK. A server must not send
     * one before a successful CONNACK [MQTT-3.14.0-1], yet it is the broker's refusal and says
     * why: so the connect fails with an {@link MqttServerException} carrying its reason code and
     * reason string (what a user acts on, as for a refusing CONNACK), not with a protocol error
     * whose code would be ours. Nothing is sent back: the broker closes the connection after its
     * DISCONNECT [MQTT-3.14.4-2], and the client closes it too.
     */
    private MqttServerException refusedBy(Disconnect d) {
        String reason = d.properties().string(Property.REASON_STRING);
        String reference = d.properties().string(Property.SERVER_REFERENCE);
        return new MqttServerException(where + " sent DISCONNECT before CONNACK, which a server must not"
                + " [MQTT-3.14.0-1]: " + ReasonCode.describe(d.reasonCode())
                + (reason == null ? "" : ": '" + reason + "'")
                + (reference == null ? "" : " (server reference '" + reference + "')"),
                d.reasonCode(), reason, reference);
    }

    private void feed(byte[] buf, int n, boolean firstRead) {
        try {
            decoder.feed(buf, 0, n, packets::add);
        } catch (MqttProtocolException e) {
            if (version == ProtocolVersion.MQTT_5 && firstRead && n >= 4 && buf[0] == 0x20 && buf[1] == 0x02
                    && buf[3] > 0) {
                // a 3.1.1 broker's refusal of level 5 [MQTT-3.1.2-2]: 20 02 00 01
                throw new ConnectionRefusedException(where, version, buf[3], null, null);
            }
            boolean http = firstRead && n >= 5 && new String(buf, 0, 5, StandardCharsets.US_ASCII).equals("HTTP/");
            throw new MqttProtocolException(where + " answered CONNECT with a malformed packet: "
                    + e.getMessage() + (http ? " (the reply is HTTP: is this an MQTT port?)" : ""),
                    e.reasonCode(), e);
        }
    }

    /**
     * Answers an AUTH of the broker before CONNACK: a challenge (0x18) for the method the CONNECT
     * named is given to the authenticator, and its answer sent (section 4.12).
     */
    private void answer(Auth challenge, OutputStream out) throws IOException {
        Authenticator authenticator = config.authenticator();
        String method = challenge.properties().string(Property.AUTHENTICATION_METHOD);
        if (authenticator == null) {
            throw new MqttProtocolException(where + " sent AUTH before CONNACK, but the CONNECT named no"
                    + " authentication method [MQTT-4.12.0-6]", ReasonCode.PROTOCOL_ERROR.code(), null);
        }
        if (challenge.reasonCode() != ReasonCode.CONTINUE_AUTHENTICATION.code()
                || !authenticator.method().equals(method)) {
            throw new MqttProtocolException(where + " sent AUTH with reason code 0x"
                    + Integer.toHexString(challenge.reasonCode()) + " and method '" + method
                    + "' before CONNACK; expected 0x18 (continue authentication) for '" + authenticator.method()
                    + "' [MQTT-4.12.0-1] [MQTT-4.12.0-5]", ReasonCode.PROTOCOL_ERROR.code(), null);
        }
        byte[] data = challenge.properties().binary(Property.AUTHENTICATION_DATA);
        byte[] response;
        try {
            response = authenticator.onChallenge(data == null ? new byte[0] : data.clone());
        } catch (RuntimeException e) {
            throw new MqttException("authentication with " + method + " at " + where
                    + " abandoned: the authenticator threw " + e, e);
        }
        Auth reply = V5Connect.answer(authenticator.method(), response);
        out.write(Encoder.encode(reply, ProtocolVersion.MQTT_5));
        out.flush();
        PacketDescriptions.report(config.packetListener(), PacketListener.Direction.SENT, reply);
    }

    /**
     * Tells a 5.0 broker why the client closes, before CONNACK: a DISCONNECT with the reason
     * code of the protocol error (section 4.13). Best effort: the link is closed next anyway.
     */
    private static void sayWhy(OutputStream out, MqttProtocolException e) {
        try {
            out.write(Encoder.encode(new Disconnect(e.reasonCode(), Properties.EMPTY), ProtocolVersion.MQTT_5));
            out.flush();
        } catch (IOException | RuntimeException ignored) {
            // the link is being closed for the error this reports
        }
    }
}
