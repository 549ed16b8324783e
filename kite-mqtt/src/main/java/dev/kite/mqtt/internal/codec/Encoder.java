package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.Topic;
import dev.kite.mqtt.TopicFilter;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Packet.Type;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes MQTT control packets as bytes (section 2): 3.1 and 3.1.1 by default, 5.0 through the
 * methods that take a {@link ProtocolVersion} (the bodies are {@code V5Encoder}'s).
 *
 * <p>Each packet is measured first, then its fixed header, variable header and payload are
 * written into one exactly sized array. The payload of a PUBLISH is the exception: it is written
 * to the stream as it is, never copied. The encoder checks what it cheaply can and refuses a
 * packet that a receiver would have to treat as malformed.
 *
 * <pre>{@code
 * Encoder.write(new Puback(7), socketOut); // 40 02 00 07
 * }</pre>
 *
 * <p>Stateless and safe to call from any thread.
 *
 * @since 0.1
 */
public final class Encoder {
    private Encoder() {
    }

    /**
     * Writes a whole packet: fixed header, remaining length, variable header and payload.
     *
     * @param p the packet
     * @param out where to write it; not flushed
     * @throws IllegalArgumentException if the packet cannot be encoded, for example a packet id of
     *     0 where one is required, QoS 3, a string over 65,535 bytes or a remaining length over
     *     268,435,455; nothing has been written then
     * @throws IOException if {@code out} fails
     */
    public static void write(Packet p, OutputStream out) throws IOException {
        write(p, ProtocolVersion.MQTT_3_1_1, out);
    }

    /**
     * Writes a whole packet in the encoding of a protocol version.
     *
     * @param p the packet
     * @param version the version spoken; 3.1 and 3.1.1 encode alike
     * @param out where to write it; not flushed
     * @throws IllegalArgumentException as {@link #write(Packet, OutputStream)}, and under 3.1 or
     *     3.1.1 for what only 5.0 has: properties, reason codes, subscription options, AUTH
     * @throws IOException if {@code out} fails
     * @since 0.2
     */
    public static void write(Packet p, ProtocolVersion version, OutputStream out) throws IOException {
        out.write(head(p, version));
        if (p instanceof Publish pub && pub.payload().length > 0) {
            out.write(pub.payload());
        }
    }

    /**
     * Writes a whole packet into a writer's buffer: everything but a PUBLISH payload is encoded
     * straight into the buffer's array, with no array of its own.
     *
     * @param p the packet
     * @param out the buffer; not flushed
     * @throws IllegalArgumentException as {@link #write(Packet, OutputStream)}; nothing has been
     *     written then
     * @throws IOException if the stream under the buffer fails
     */
    public static void write(Packet p, WriteBuffer out) throws IOException {
        write(p, ProtocolVersion.MQTT_3_1_1, out);
    }

    /**
     * Writes a whole packet into a writer's buffer in the encoding of a protocol version.
     *
     * @param p the packet
     * @param version the version spoken
     * @param out the buffer; not flushed
     * @throws IllegalArgumentException as {@link #write(Packet, ProtocolVersion, OutputStream)}
     * @throws IOException if the stream under the buffer fails
     * @since 0.2
     */
    public static void write(Packet p, ProtocolVersion version, WriteBuffer out) throws IOException {
        int remaining = remainingLength(p, version);
        int length = headLength(p, remaining);
        byte[] buf = out.reserve(length);
        writeHead(p, version, remaining, new ByteWriter(buf, out.position(), length));
        out.advance(length);
        if (p instanceof Publish pub && pub.payload().length > 0) {
            out.write(pub.payload());
        }
    }

    /**
     * Returns a packet's bytes in one new array. For PUBLISH this copies the payload once; prefer
     * {@link #write} on a stream.
     *
     * @param p the packet
     * @return the encoded packet
     * @throws IllegalArgumentException as {@link #write}
     */
    public static byte[] encode(Packet p) {
        return encode(p, ProtocolVersion.MQTT_3_1_1);
    }

    /**
     * Returns a packet's bytes in one new array, in the encoding of a protocol version.
     *
     * @param p the packet
     * @param version the version spoken
     * @return the encoded packet
     * @throws IllegalArgumentException as {@link #write(Packet, ProtocolVersion, OutputStream)}
     * @since 0.2
     */
    public static byte[] encode(Packet p, ProtocolVersion version) {
        byte[] head = head(p, version);
        if (p instanceof Publish pub && pub.payload().length > 0) {
            byte[] all = new byte[head.length + pub.payload().length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(pub.payload(), 0, all, head.length, pub.payload().length);
            return all;
        }
        return head;
    }

    /**
     * Returns how many bytes {@link #write} would write for a packet, without encoding it.
     *
     * @param p the packet
     * @return the length of the whole packet, fixed header included
     * @throws IllegalArgumentException as {@link #write}
     */
    public static int encodedLength(Packet p) {
        return encodedLength(p, ProtocolVersion.MQTT_3_1_1);
    }

    /**
     * Returns how many bytes a packet takes in the encoding of a protocol version.
     *
     * @param p the packet
     * @param version the version spoken
     * @return the length of the whole packet, fixed header included
     * @throws IllegalArgumentException as {@link #write(Packet, ProtocolVersion, OutputStream)}
     * @since 0.2
     */
    public static int encodedLength(Packet p, ProtocolVersion version) {
        int remaining = remainingLength(p, version);
        return 1 + VarInt.size(remaining) + remaining;
    }

    /** Encodes everything of a packet but a PUBLISH payload. */
    private static byte[] head(Packet p, ProtocolVersion version) {
        int remaining = remainingLength(p, version);
        return writeHead(p, version, remaining, new ByteWriter(headLength(p, remaining)));
    }

    /** Returns the length of everything of a packet but a PUBLISH payload. */
    private static int headLength(Packet p, int remaining) {
        int payload = p instanceof Publish pub ? pub.payload().length : 0;
        return 1 + VarInt.size(remaining) + remaining - payload;
    }

    private static byte[] writeHead(Packet p, ProtocolVersion version, int remaining, ByteWriter w) {
        w.u8(p.type() << 4 | flags(p));
        w.varInt(remaining);
        if (version == ProtocolVersion.MQTT_5) {
            V5Encoder.writeBody(p, w);
            return w.done();
        }
        switch (p.type()) {
            case Type.CONNECT -> ConnectCodec.write((Connect) p, w);
            case Type.CONNACK -> {
                Connack c = (Connack) p;
                w.u8(c.sessionPresent() ? 1 : 0);
                w.u8(c.returnCode());
            }
            case Type.PUBLISH -> {
                Publish pub = (Publish) p;
                w.string(pub.topic());
                if (pub.qos() > 0) {
                    w.u16(pub.packetId());
                }
            }
            case Type.PUBACK, Type.PUBREC, Type.PUBREL, Type.PUBCOMP, Type.UNSUBACK -> w.u16(p.packetId());
            case Type.SUBSCRIBE -> {
                w.u16(p.packetId());
                for (Subscribe.Subscription s : ((Subscribe) p).subscriptions()) {
                    w.string(s.filter());
                    w.u8(s.qos());
                }
            }
            case Type.SUBACK -> {
                w.u16(p.packetId());
                for (int code : ((Suback) p).returnCodes()) {
                    w.u8(code);
                }
            }
            case Type.UNSUBSCRIBE -> {
                w.u16(p.packetId());
                for (String f : ((Unsubscribe) p).filters()) {
                    w.string(f);
                }
            }
            default -> {
                // PINGREQ, PINGRESP, DISCONNECT: a fixed header and nothing else
            }
        }
        return w.done();
    }

    /** Returns the low nibble of the fixed header [MQTT-2.2.2]. */
    private static int flags(Packet p) {
        if (p instanceof Publish pub) {
            // [MQTT-3.3.1] DUP bit 3, QoS bits 2-1, RETAIN bit 0
            return (pub.dup() ? 0x08 : 0) | pub.qos() << 1 | (pub.retain() ? 0x01 : 0);
        }
        // [MQTT-3.6.1-1] [MQTT-3.8.1-1] [MQTT-3.10.1-1] reserved bits 0010
        int t = p.type();
        return t == Type.PUBREL || t == Type.SUBSCRIBE || t == Type.UNSUBSCRIBE ? 0b0010 : 0;
    }

    /** Measures and validates a packet; returns its remaining length. */
    private static int remainingLength(Packet p, ProtocolVersion version) {
        String name = Type.name(p.type());
        String v5Only = version == ProtocolVersion.MQTT_5 ? null : V5Encoder.v5Only(p);
        if (v5Only != null) {
            throw new IllegalArgumentException(name + ": " + v5Only + ", not in " + version);
        }
        long n = version == ProtocolVersion.MQTT_5 ? V5Encoder.remainingLength(p) : switch (p.type()) {
            case Type.CONNECT -> ConnectCodec.remainingLength((Connect) p);
            case Type.CONNACK -> {
                Connack c = (Connack) p;
                if (c.returnCode() < 0 || c.returnCode() > 5) {
                    throw new IllegalArgumentException("CONNACK: return code " + c.returnCode()
                            + " must be 0 to 5 (section 3.2.2.3, table 3.1)");
                }
                yield 2;
            }
            case Type.PUBLISH -> publishLength((Publish) p, false);
            case Type.PUBACK, Type.PUBREC, Type.PUBREL, Type.PUBCOMP, Type.UNSUBACK -> {
                checkPacketId(name, p.packetId());
                yield 2;
            }
            case Type.SUBSCRIBE -> subscribeLength((Subscribe) p);
            case Type.SUBACK -> subackLength((Suback) p);
            case Type.UNSUBSCRIBE -> unsubscribeLength((Unsubscribe) p);
            default -> 0;
        };
        if (n > VarInt.MAX) {
            throw new IllegalArgumentException(name + ": remaining length " + n + " exceeds the maximum "
                    + VarInt.MAX + " (section 2.2.3)");
        }
        return (int) n;
    }

    /** Measures a PUBLISH, without its payload under 5.0 if {@code v5}; a 5.0 topic may be empty with a topic alias. */
    static long publishLength(Publish p, boolean v5) {
        checkQos("PUBLISH", p.qos());
        if (p.payload() == null) {
            throw new IllegalArgumentException("PUBLISH: payload must not be null; use an empty array");
        }
        boolean aliased = v5 && "".equals(p.topic()) && p.properties().has(Property.TOPIC_ALIAS);
        try {
            if (!aliased) {
                Topic.validate(p.topic());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PUBLISH: " + e.getMessage() + " [MQTT-3.3.2-2]", e);
        }
        if (p.qos() == 0) {
            // [MQTT-2.3.1-5] no packet id at QoS 0; [MQTT-3.3.1-2] DUP is 0 at QoS 0
            if (p.packetId() != 0 || p.dup()) {
                throw new IllegalArgumentException("PUBLISH: QoS 0 with packet id " + p.packetId() + " and DUP "
                        + p.dup() + ": must have neither [MQTT-2.3.1-5] [MQTT-3.3.1-2]");
            }
        } else {
            checkPacketId("PUBLISH", p.packetId());
        }
        return 2L + Utf8.length("PUBLISH: topic name", p.topic()) + (p.qos() > 0 ? 2 : 0)
                + (v5 ? V5Properties.size("PUBLISH", Type.PUBLISH, p.properties()) : 0) + p.payload().length;
    }

    static long subscribeLength(Subscribe p) {
        checkPacketId("SUBSCRIBE", p.packetId());
        checkNotEmpty("SUBSCRIBE", p.subscriptions(), "[MQTT-3.8.3-3]");
        long n = 2;
        for (Subscribe.Subscription s : p.subscriptions()) {
            n += 2L + filterLength("SUBSCRIBE", s.filter()) + 1;
            checkQos("SUBSCRIBE: topic filter '" + s.filter() + "'", s.qos());
        }
        return n;
    }

    private static long subackLength(Suback p) {
        checkPacketId("SUBACK", p.packetId());
        checkNotEmpty("SUBACK", p.returnCodes(), "[MQTT-3.8.4-5]");
        for (int code : p.returnCodes()) {
            if (code != 0 && code != 1 && code != 2 && code != Suback.FAILURE) {
                throw new IllegalArgumentException("SUBACK: return code " + code
                        + " must be 0, 1, 2 or 0x80 [MQTT-3.9.3-2]");
            }
        }
        return 2L + p.returnCodes().size();
    }

    static long unsubscribeLength(Unsubscribe p) {
        checkPacketId("UNSUBSCRIBE", p.packetId());
        checkNotEmpty("UNSUBSCRIBE", p.filters(), "[MQTT-3.10.3-2]");
        long n = 2;
        for (String f : p.filters()) {
            n += 2L + filterLength("UNSUBSCRIBE", f);
        }
        return n;
    }

    private static int filterLength(String packet, String filter) {
        try {
            TopicFilter.validate(filter);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(packet + ": " + e.getMessage() + " (section 4.7)", e);
        }
        return Utf8.length(packet + ": topic filter", filter);
    }

    static void checkPacketId(String packet, int id) {
        if (id < 1 || id > 65_535) {
            // [MQTT-2.3.1-1] packet ids are non-zero 16-bit integers
            throw new IllegalArgumentException(packet + ": packet id " + id + " must be 1 to 65535 [MQTT-2.3.1-1]");
        }
    }

    static void checkQos(String what, int qos) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException(what + ": QoS " + qos + " must be 0, 1 or 2 [MQTT-3.3.1-4]");
        }
    }

    static void checkNotEmpty(String packet, List<?> list, String rule) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException(packet + ": needs at least one entry " + rule);
        }
    }
}
