package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.Topic;
import dev.kite.mqtt.TopicFilter;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Packet.Type;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Pingresp;
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
 * Turns the body of one complete packet into a {@link Packet}. The fixed header has already
 * been checked by {@link FrameDecoder}: type, flags and, where the spec fixes it, the length.
 */
final class BodyDecoder {
    private BodyDecoder() {
    }

    /**
     * Decodes a body.
     *
     * @param header the first byte of the fixed header
     * @param r the reader, positioned at the start of the body
     * @param version the version spoken, which decides how CONNACK's first byte is read
     */
    static Packet decode(int header, PacketReader r, ProtocolVersion version) {
        int type = header >>> 4;
        return switch (type) {
            case Type.CONNECT -> ConnectCodec.read(r);
            case Type.CONNACK -> connack(r, version);
            case Type.PUBLISH -> publish(header, r);
            case Type.PUBACK -> new Puback(idOnly(r));
            case Type.PUBREC -> new Pubrec(idOnly(r));
            case Type.PUBREL -> new Pubrel(idOnly(r));
            case Type.PUBCOMP -> new Pubcomp(idOnly(r));
            case Type.SUBSCRIBE -> subscribe(r);
            case Type.SUBACK -> suback(r);
            case Type.UNSUBSCRIBE -> unsubscribe(r);
            case Type.UNSUBACK -> new Unsuback(idOnly(r));
            case Type.PINGREQ -> Pingreq.INSTANCE;
            case Type.PINGRESP -> Pingresp.INSTANCE;
            case Type.DISCONNECT -> Disconnect.INSTANCE;
            default -> throw new IllegalStateException("packet type " + type + " passed the header check");
        };
    }

    private static Connack connack(PacketReader r, ProtocolVersion version) {
        int ackFlags = r.u8("connect acknowledge flags");
        int code = r.u8("return code");
        r.end();
        boolean sessionPresent = false;
        // MQTT 3.1 has no session present flag; the byte is unused there and ignored
        if (version == ProtocolVersion.MQTT_3_1_1) {
            if ((ackFlags & 0xFE) != 0) {
                throw r.malformed("acknowledge flags 0x" + Integer.toHexString(ackFlags)
                        + ": reserved bits 7-1 are set (section 3.2.2.1)");
            }
            sessionPresent = (ackFlags & 1) != 0;
        }
        if (code > 5) {
            throw r.malformed("return code " + code + " is not one of 0 to 5 (section 3.2.2.3, table 3.1)");
        }
        if (code != 0 && sessionPresent) {
            throw r.malformed("session present with refusal code " + code + " [MQTT-3.2.2-4]");
        }
        return new Connack(sessionPresent, code);
    }

    private static Publish publish(int header, PacketReader r) {
        int qos = (header >> 1) & 3;
        String topic = r.string("topic name");
        if (topic.isEmpty()) {
            throw r.malformed("topic name is empty [MQTT-4.7.3-1]");
        }
        try {
            Topic.validate(topic);
        } catch (IllegalArgumentException e) {
            throw r.malformed(e.getMessage() + " [MQTT-3.3.2-2]", e);
        }
        int id = qos > 0 ? r.packetId() : 0;
        return new Publish(topic, r.rest(), qos, (header & 1) != 0, (header & 8) != 0, id);
    }

    private static int idOnly(PacketReader r) {
        int id = r.packetId();
        r.end();
        return id;
    }

    private static Subscribe subscribe(PacketReader r) {
        int id = r.packetId();
        List<Subscribe.Subscription> subs = new ArrayList<>();
        while (r.remaining() > 0) {
            String filter = filter(r);
            int options = r.u8("requested QoS");
            // [MQTT-3-8.3-4] (the spec's own spelling) reserved bits 7-2 zero, QoS 0 to 2
            if ((options & 0xFC) != 0) {
                throw r.malformed("topic filter '" + filter + "': requested QoS byte 0x"
                        + Integer.toHexString(options) + " has reserved bits set [MQTT-3-8.3-4]");
            }
            if (options == 3) {
                throw r.malformed("topic filter '" + filter + "': requested QoS 3 is malformed [MQTT-3-8.3-4]");
            }
            subs.add(new Subscribe.Subscription(filter, options));
        }
        if (subs.isEmpty()) {
            throw r.malformed("no topic filters [MQTT-3.8.3-3]");
        }
        return new Subscribe(id, subs);
    }

    private static Suback suback(PacketReader r) {
        int id = r.packetId();
        List<Integer> codes = new ArrayList<>();
        while (r.remaining() > 0) {
            int code = r.u8("return code");
            if (code > 2 && code != Suback.FAILURE) {
                throw r.malformed("return code 0x" + Integer.toHexString(code)
                        + " must be 0, 1, 2 or 0x80 [MQTT-3.9.3-2]");
            }
            codes.add(code);
        }
        if (codes.isEmpty()) {
            throw r.malformed("no return codes [MQTT-3.8.4-5]");
        }
        return new Suback(id, codes);
    }

    private static Unsubscribe unsubscribe(PacketReader r) {
        int id = r.packetId();
        List<String> filters = new ArrayList<>();
        while (r.remaining() > 0) {
            filters.add(filter(r));
        }
        if (filters.isEmpty()) {
            throw r.malformed("no topic filters [MQTT-3.10.3-2]");
        }
        return new Unsubscribe(id, filters);
    }

    static String filter(PacketReader r) {
        String filter = r.string("topic filter");
        try {
            return TopicFilter.validate(filter);
        } catch (IllegalArgumentException e) {
            throw new MqttProtocolException(r.packet() + ": " + e.getMessage() + " (section 4.7)", e);
        }
    }
}
