package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.Topic;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Packet.Type;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Pingresp;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the body of one complete MQTT 5.0 packet into a {@link Packet} (section 3). The fixed
 * header has been checked by {@link FrameDecoder}. Every error carries the reason code the
 * client's DISCONNECT should give: 0x81 for bytes that do not parse, 0x82 for a rule broken by
 * a packet that does.
 */
final class V5Decoder {
    private static final int PROTOCOL_ERROR = ReasonCode.PROTOCOL_ERROR.code();

    private V5Decoder() {
    }

    /**
     * Decodes a body.
     *
     * @param header the first byte of the fixed header
     * @param r the reader, positioned at the start of the body
     */
    static Packet decode(int header, PacketReader r) {
        int type = header >>> 4;
        return switch (type) {
            case Type.CONNECT -> ConnectCodec.read(r, true);
            case Type.CONNACK -> connack(r);
            case Type.PUBLISH -> publish(header, r);
            case Type.PUBACK, Type.PUBREC, Type.PUBREL, Type.PUBCOMP -> {
                int id = r.packetId();
                Tail t = tail(r, type);
                yield switch (type) {
                    case Type.PUBACK -> new Puback(id, t.code, t.properties);
                    case Type.PUBREC -> new Pubrec(id, t.code, t.properties);
                    case Type.PUBREL -> new Pubrel(id, t.code, t.properties);
                    default -> new Pubcomp(id, t.code, t.properties);
                };
            }
            case Type.SUBSCRIBE -> subscribe(r);
            case Type.SUBACK -> {
                int id = r.packetId();
                Properties p = V5Properties.read(r, type);
                yield new Suback(id, codes(r, type, "[MQTT-3.9.3-1]"), p);
            }
            case Type.UNSUBSCRIBE -> unsubscribe(r);
            case Type.UNSUBACK -> {
                int id = r.packetId();
                Properties p = V5Properties.read(r, type);
                yield new Unsuback(id, codes(r, type, "[MQTT-3.11.3-1]"), p);
            }
            case Type.PINGREQ -> Pingreq.INSTANCE;
            case Type.PINGRESP -> Pingresp.INSTANCE;
            case Type.DISCONNECT -> {
                Tail t = tail(r, type);
                yield t.code == 0 && t.properties.isEmpty() ? Disconnect.INSTANCE : new Disconnect(t.code, t.properties);
            }
            case Type.AUTH -> auth(r);
            default -> throw new IllegalStateException("packet type " + type + " passed the header check");
        };
    }

    private static Connack connack(PacketReader r) {
        int ackFlags = r.u8("connect acknowledge flags");
        if ((ackFlags & 0xFE) != 0) {
            throw r.malformed("acknowledge flags 0x" + Integer.toHexString(ackFlags)
                    + ": reserved bits 7-1 are set [MQTT-3.2.2-1]");
        }
        int code = reasonCode(r, Type.CONNACK);
        Properties p = V5Properties.read(r, Type.CONNACK);
        r.end();
        boolean sessionPresent = (ackFlags & 1) != 0;
        if (sessionPresent && code != 0) {
            throw r.error("session present with refusal reason code 0x" + Integer.toHexString(code)
                    + " [MQTT-3.2.2-6]", PROTOCOL_ERROR);
        }
        return new Connack(sessionPresent, code, p);
    }

    private static Publish publish(int header, PacketReader r) {
        int qos = (header >> 1) & 3;
        boolean dup = (header & 8) != 0;
        String topic = r.string("topic name");
        int id = qos > 0 ? r.packetId() : 0;
        Properties p = V5Properties.read(r, Type.PUBLISH);
        if (topic.isEmpty()) {
            if (!p.has(Property.TOPIC_ALIAS)) {
                throw r.error("topic name is empty and there is no topic alias, a protocol error (section 3.3.2.1)",
                        PROTOCOL_ERROR);
            }
        } else {
            try {
                Topic.validate(topic);
            } catch (IllegalArgumentException e) {
                throw r.malformed(e.getMessage() + " [MQTT-3.3.2-2]", e);
            }
        }
        // DUP at QoS 0 [MQTT-3.3.1-2] is refused from the fixed header, by FrameDecoder
        return new Publish(topic, r.rest(), qos, (header & 1) != 0, dup, id, p);
    }

    private static Subscribe subscribe(PacketReader r) {
        int id = r.packetId();
        Properties p = V5Properties.read(r, Type.SUBSCRIBE);
        List<Subscribe.Subscription> subs = new ArrayList<>();
        while (r.remaining() > 0) {
            String filter = BodyDecoder.filter(r);
            int options = r.u8("subscription options");
            String what = "topic filter '" + filter + "': subscription options 0x" + Integer.toHexString(options);
            if ((options & 0xC0) != 0) {
                throw r.malformed(what + " have reserved bits 7-6 set [MQTT-3.8.3-5]");
            }
            if ((options & 3) == 3) {
                throw r.malformed(what + " ask for QoS 3 (section 3.8.3.1)");
            }
            int retainHandling = (options >> 4) & 3;
            if (retainHandling == 3) {
                throw r.error(what + " have retain handling 3, a protocol error (section 3.8.3.1)", PROTOCOL_ERROR);
            }
            boolean noLocal = (options & 4) != 0;
            if (noLocal && filter.startsWith("$share/")) {
                throw r.error(what + " set No Local on a shared subscription [MQTT-3.8.3-4]", PROTOCOL_ERROR);
            }
            subs.add(new Subscribe.Subscription(filter, options & 3, noLocal, (options & 8) != 0, retainHandling));
        }
        if (subs.isEmpty()) {
            throw r.error("no topic filters [MQTT-3.8.3-2]", PROTOCOL_ERROR);
        }
        return new Subscribe(id, subs, p);
    }

    private static Unsubscribe unsubscribe(PacketReader r) {
        int id = r.packetId();
        Properties p = V5Properties.read(r, Type.UNSUBSCRIBE);
        List<String> filters = new ArrayList<>();
        while (r.remaining() > 0) {
            filters.add(BodyDecoder.filter(r));
        }
        if (filters.isEmpty()) {
            throw r.error("no topic filters [MQTT-3.10.3-2]", PROTOCOL_ERROR);
        }
        return new Unsubscribe(id, filters, p);
    }

    private static Auth auth(PacketReader r) {
        Tail t = tail(r, Type.AUTH);
        if ((t.code != 0 || !t.properties.isEmpty()) && !t.properties.has(Property.AUTHENTICATION_METHOD)) {
            throw r.error("reason code 0x" + Integer.toHexString(t.code) + " without an authentication method,"
                    + " a protocol error (section 3.15.2.2.2)", PROTOCOL_ERROR);
        }
        return new Auth(t.code, t.properties);
    }

    /** The reason code and properties at the end of an acknowledgement, DISCONNECT or AUTH. */
    private record Tail(int code, Properties properties) {
        static final Tail SUCCESS = new Tail(0, Properties.EMPTY);
    }

    /**
     * Reads what follows the packet id of PUBACK, PUBREC, PUBREL and PUBCOMP, or the fixed header
     * of DISCONNECT and AUTH: either may be left out, the code when it is 0 and there are no
     * properties, the properties when there are none (sections 3.4.2.1, 3.14.2.1, 3.15.2.1).
     */
    private static Tail tail(PacketReader r, int type) {
        if (r.remaining() == 0) {
            return Tail.SUCCESS;
        }
        int code = reasonCode(r, type);
        Properties p = r.remaining() == 0 ? Properties.EMPTY : V5Properties.read(r, type);
        r.end();
        return new Tail(code, p);
    }

    private static int reasonCode(PacketReader r, int type) {
        int code = r.u8("reason code");
        String problem = V5ReasonCodes.problem(type, code);
        if (problem != null) {
            throw r.malformed(problem);
        }
        return code;
    }

    /** Reads the payload of SUBACK or UNSUBACK: one reason code per filter, at least one. */
    private static List<Integer> codes(PacketReader r, int type, String rule) {
        List<Integer> codes = new ArrayList<>();
        while (r.remaining() > 0) {
            codes.add(reasonCode(r, type));
        }
        if (codes.isEmpty()) {
            throw r.error("no reason codes " + rule, PROTOCOL_ERROR);
        }
        return codes;
    }
}
