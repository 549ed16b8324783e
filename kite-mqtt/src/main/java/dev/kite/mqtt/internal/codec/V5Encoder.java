package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Packet.Type;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.util.List;

/**
 * The MQTT 5.0 half of {@link Encoder}: measures and checks a packet, then writes its variable
 * header and payload (section 3). The fixed header, the PUBLISH payload and the buffers are
 * {@link Encoder}'s. Acknowledgements, DISCONNECT and AUTH take the spec's short forms: no
 * reason code when it is 0 and there are no properties, no property length when there are none.
 */
final class V5Encoder {
    private V5Encoder() {
    }

    /** Checks a packet for sending under 5.0 and returns its remaining length. */
    static long remainingLength(Packet p) {
        String name = Type.name(p.type());
        return switch (p.type()) {
            case Type.CONNECT -> {
                Connect c = (Connect) p;
                if (c.version() != ProtocolVersion.MQTT_5) {
                    throw new IllegalArgumentException("CONNECT: version " + c.version()
                            + " in an MQTT 5.0 stream, must be MQTT_5");
                }
                yield ConnectCodec.remainingLength(c);
            }
            case Type.CONNACK -> {
                Connack c = (Connack) p;
                checkCode(Type.CONNACK, c.returnCode());
                if (c.sessionPresent() && c.returnCode() != 0) {
                    throw new IllegalArgumentException("CONNACK: session present with refusal reason code 0x"
                            + Integer.toHexString(c.returnCode()) + " [MQTT-3.2.2-6]");
                }
                yield 2 + V5Properties.size(name, Type.CONNACK, c.properties());
            }
            case Type.PUBLISH -> Encoder.publishLength((Publish) p, true);
            case Type.PUBACK, Type.PUBREC, Type.PUBREL, Type.PUBCOMP -> {
                Encoder.checkPacketId(name, p.packetId());
                yield 2 + tailLength(p.type(), p.reasonCode(), p.properties());
            }
            case Type.SUBSCRIBE -> subscribeLength((Subscribe) p);
            case Type.SUBACK -> {
                Suback s = (Suback) p;
                yield acksLength(Type.SUBACK, s.packetId(), s.returnCodes(), s.properties());
            }
            case Type.UNSUBSCRIBE -> {
                Unsubscribe u = (Unsubscribe) p;
                yield Encoder.unsubscribeLength(u) + V5Properties.size(name, Type.UNSUBSCRIBE, u.properties());
            }
            case Type.UNSUBACK -> {
                Unsuback u = (Unsuback) p;
                yield acksLength(Type.UNSUBACK, u.packetId(), u.reasonCodes(), u.properties());
            }
            case Type.DISCONNECT -> tailLength(Type.DISCONNECT, p.reasonCode(), p.properties());
            case Type.AUTH -> {
                Auth a = (Auth) p;
                if ((a.reasonCode() != 0 || !a.properties().isEmpty())
                        && !a.properties().has(Property.AUTHENTICATION_METHOD)) {
                    throw new IllegalArgumentException("AUTH: reason code 0x" + Integer.toHexString(a.reasonCode())
                            + " without an authentication method (section 3.15.2.2.2)");
                }
                yield tailLength(Type.AUTH, a.reasonCode(), a.properties());
            }
            default -> 0;
        };
    }

    /** Writes the variable header and payload of a packet measured by {@link #remainingLength}. */
    static void writeBody(Packet p, ByteWriter w) {
        switch (p.type()) {
            case Type.CONNECT -> ConnectCodec.write((Connect) p, w);
            case Type.CONNACK -> {
                Connack c = (Connack) p;
                w.u8(c.sessionPresent() ? 1 : 0);
                w.u8(c.returnCode());
                V5Properties.write(w, c.properties());
            }
            case Type.PUBLISH -> {
                Publish pub = (Publish) p;
                w.string(pub.topic());
                if (pub.qos() > 0) {
                    w.u16(pub.packetId());
                }
                V5Properties.write(w, pub.properties());
            }
            case Type.PUBACK, Type.PUBREC, Type.PUBREL, Type.PUBCOMP -> {
                w.u16(p.packetId());
                writeTail(w, p.reasonCode(), p.properties());
            }
            case Type.SUBSCRIBE -> {
                w.u16(p.packetId());
                V5Properties.write(w, p.properties());
                for (Subscribe.Subscription s : ((Subscribe) p).subscriptions()) {
                    w.string(s.filter());
                    // section 3.8.3.1: QoS bits 1-0, No Local bit 2, Retain As Published bit 3, Retain Handling bits 5-4
                    w.u8(s.qos() | (s.noLocal() ? 4 : 0) | (s.retainAsPublished() ? 8 : 0) | s.retainHandling() << 4);
                }
            }
            case Type.SUBACK -> writeAcks(w, p.packetId(), ((Suback) p).returnCodes(), p.properties());
            case Type.UNSUBSCRIBE -> {
                w.u16(p.packetId());
                V5Properties.write(w, p.properties());
                for (String f : ((Unsubscribe) p).filters()) {
                    w.string(f);
                }
            }
            case Type.UNSUBACK -> writeAcks(w, p.packetId(), ((Unsuback) p).reasonCodes(), p.properties());
            case Type.DISCONNECT -> writeTail(w, p.reasonCode(), p.properties());
            case Type.AUTH -> writeTail(w, ((Auth) p).reasonCode(), p.properties());
            default -> {
                // PINGREQ, PINGRESP: a fixed header and nothing else
            }
        }
    }

    /**
     * Returns why a packet cannot be sent under MQTT 3.1 or 3.1.1, or {@code null} if it can:
     * properties, reason codes, subscription options and AUTH exist only in 5.0, and dropping
     * them silently would mislead.
     */
    static String v5Only(Packet p) {
        if (p.type() == Type.AUTH) {
            return "AUTH exists only in MQTT 5.0";
        }
        // CONNECT checks its own, will properties included
        if (p.type() != Type.CONNECT && !p.properties().isEmpty()) {
            return "properties exist only in MQTT 5.0";
        }
        boolean codes = switch (p.type()) {
            case Type.UNSUBACK -> !((Unsuback) p).reasonCodes().isEmpty();
            case Type.CONNACK, Type.SUBACK -> false; // checked against 3.1.1's return codes
            default -> p.reasonCode() != 0;
        };
        if (codes) {
            return "reason codes exist only in MQTT 5.0";
        }
        if (p instanceof Subscribe s) {
            for (Subscribe.Subscription sub : s.subscriptions()) {
                if (sub.noLocal() || sub.retainAsPublished() || sub.retainHandling() != 0) {
                    return "topic filter '" + sub.filter() + "': subscription options exist only in MQTT 5.0";
                }
            }
        }
        return null;
    }

    private static void checkCode(int type, int code) {
        String problem = V5ReasonCodes.problem(type, code);
        if (problem != null) {
            throw new IllegalArgumentException(Type.name(type) + ": " + problem);
        }
    }

    /** Measures the optional reason code and properties that end an acknowledgement, DISCONNECT or AUTH. */
    private static long tailLength(int type, int code, Properties props) {
        checkCode(type, code);
        if (props.isEmpty()) {
            return code == 0 ? 0 : 1;
        }
        return 1 + V5Properties.size(Type.name(type), type, props);
    }

    private static void writeTail(ByteWriter w, int code, Properties props) {
        if (code == 0 && props.isEmpty()) {
            return;
        }
        w.u8(code);
        if (!props.isEmpty()) {
            V5Properties.write(w, props);
        }
    }

    private static long subscribeLength(Subscribe p) {
        for (Subscribe.Subscription s : p.subscriptions()) {
            String what = "SUBSCRIBE: topic filter '" + s.filter() + "'";
            if (s.retainHandling() < 0 || s.retainHandling() > 2) {
                throw new IllegalArgumentException(what + ": retain handling " + s.retainHandling()
                        + " must be 0, 1 or 2 (section 3.8.3.1)");
            }
            if (s.noLocal() && s.filter() != null && s.filter().startsWith("$share/")) {
                throw new IllegalArgumentException(what + ": No Local must not be set on a shared subscription"
                        + " [MQTT-3.8.3-4]");
            }
        }
        return Encoder.subscribeLength(p) + V5Properties.size("SUBSCRIBE", Type.SUBSCRIBE, p.properties());
    }

    /** Measures SUBACK and UNSUBACK: packet id, properties, one reason code per filter. */
    private static long acksLength(int type, int id, List<Integer> codes, Properties props) {
        String name = Type.name(type);
        Encoder.checkPacketId(name, id);
        Encoder.checkNotEmpty(name, codes, type == Type.SUBACK ? "[MQTT-3.9.3-1]" : "[MQTT-3.11.3-1]");
        for (int code : codes) {
            checkCode(type, code);
        }
        return 2L + V5Properties.size(name, type, props) + codes.size();
    }

    private static void writeAcks(ByteWriter w, int id, List<Integer> codes, Properties props) {
        w.u16(id);
        V5Properties.write(w, props);
        for (int code : codes) {
            w.u8(code);
        }
    }
}
