package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a session keeps in a {@code Store}. An outbound message is stored from the moment it
 * is published, before it has a packet id, so the values are Kite's own records, not MQTT packets:
 *
 * <pre>
 * outbound:     version(1) state(1: 1 = PUBLISH, 2 = PUBREL) packetId(2: 0 = none yet)
 *               flags(1: qos | retain << 2) topicLength(2) topic payload
 * outbound with MQTT 5.0 properties:
 *               version(1: 2) state(1) packetId(2: 0 = none yet) the PUBLISH as MQTT 5.0 encodes
 *               it (packet id 1 standing for the one above)
 * subscription: version(1) qos(1) filter(UTF-8)
 * subscription with MQTT 5.0 options or an identifier:
 *               version(1: 5) options(1: qos | noLocal << 2 | retainAsPublished << 3 | retainHandling << 4)
 *               identifier(4: 0 = none) filter(UTF-8)
 * </pre>
 *
 * A message without properties and a subscription with the default options and no identifier
 * are written in the first form, as before MQTT 5.0, so a store stays readable by earlier
 * versions; they drop the 5.0 forms with a warning (an unknown version).
 */
final class Records {
    private static final byte VERSION = 1;
    private static final byte VERSION_V5 = 2;
    private static final byte PUBLISH = 1;
    private static final byte PUBREL = 2;
    private static final byte SUBSCRIPTION_V5 = 5;

    private Records() {
    }

    /** An outbound message read back from a store. */
    record Outbound(Publish publish, boolean released) {
    }

    static byte[] publish(Publish p) {
        if (!p.properties().isEmpty()) {
            byte[] packet = Encoder.encode(p.withIdAndDup(1, false), ProtocolVersion.MQTT_5);
            return ByteBuffer.allocate(4 + packet.length).put(VERSION_V5).put(PUBLISH).putShort((short) p.packetId())
                    .put(packet).array();
        }
        byte[] topic = p.topic().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(7 + topic.length + p.payload().length);
        b.put(VERSION).put(PUBLISH).putShort((short) p.packetId())
                .put((byte) (p.qos() | (p.retain() ? 4 : 0)))
                .putShort((short) topic.length).put(topic).put(p.payload());
        return b.array();
    }

    /** A PUBREL record keeps the message too, so a restart can report what it released. */
    static byte[] released(Publish p) {
        byte[] r = publish(p);
        r[1] = PUBREL;
        return r;
    }

    static Outbound readOutbound(byte[] value) {
        if (value.length > 4 && value[0] == VERSION_V5) {
            return readOutboundV5(value);
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        if (b.remaining() < 7 || b.get() != VERSION) {
            throw new IllegalArgumentException("not an outbound record of version " + VERSION);
        }
        byte state = b.get();
        if (state != PUBLISH && state != PUBREL) {
            throw new IllegalArgumentException("outbound record state " + state + " is unknown");
        }
        int id = b.getShort() & 0xFFFF;
        int flags = b.get();
        int qos = flags & 3;
        if (qos < 1 || qos > 2 || (state == PUBREL && (qos != 2 || id == 0))) {
            throw new IllegalArgumentException("outbound record with qos " + qos + " and state " + state);
        }
        int topicLength = b.getShort() & 0xFFFF;
        if (topicLength > b.remaining()) {
            // restore() skips records that throw IllegalArgumentException, not BufferUnderflowException
            throw new IllegalArgumentException("outbound record topic length " + topicLength
                    + " exceeds the " + b.remaining() + " bytes left");
        }
        byte[] topic = new byte[topicLength];
        b.get(topic);
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        Publish p = new Publish(new String(topic, StandardCharsets.UTF_8), payload, qos, (flags & 4) != 0, false, id);
        return new Outbound(p, state == PUBREL);
    }

    private static Outbound readOutboundV5(byte[] value) {
        byte state = value[1];
        int id = (value[2] & 0xFF) << 8 | value[3] & 0xFF;
        List<Packet> packets = new ArrayList<>();
        try {
            new FrameDecoder(FrameDecoder.MAX_REMAINING_LENGTH, ProtocolVersion.MQTT_5)
                    .feed(value, 4, value.length - 4, packets::add);
        } catch (MqttProtocolException e) {
            throw new IllegalArgumentException("outbound record of version " + VERSION_V5 + ": " + e.getMessage(), e);
        }
        if (packets.size() != 1 || !(packets.get(0) instanceof Publish p) || p.qos() == 0
                || (state != PUBLISH && state != PUBREL) || (state == PUBREL && (p.qos() != 2 || id == 0))) {
            throw new IllegalArgumentException("outbound record of version " + VERSION_V5 + " with state " + state
                    + " does not hold one QoS 1/2 PUBLISH");
        }
        return new Outbound(p.withIdAndDup(id, false), state == PUBREL);
    }

    /** A subscription read back from a store, with its identifier (0 for none). */
    record Subscription(Subscribe.Subscription subscription, int identifier) {
    }

    /** A subscription record, in the first form when it has nothing of MQTT 5.0. */
    static byte[] subscription(Subscribe.Subscription s, int identifier) {
        if (identifier == 0 && !s.noLocal() && !s.retainAsPublished() && s.retainHandling() == 0) {
            return subscription(s.filter(), s.qos());
        }
        byte[] f = s.filter().getBytes(StandardCharsets.UTF_8);
        int options = s.qos() | (s.noLocal() ? 4 : 0) | (s.retainAsPublished() ? 8 : 0) | s.retainHandling() << 4;
        return ByteBuffer.allocate(6 + f.length).put(SUBSCRIPTION_V5).put((byte) options).putInt(identifier).put(f).array();
    }

    /** Reads a subscription record of either form. */
    static Subscription readSubscription(byte[] value) {
        if (value.length == 0 || value[0] != SUBSCRIPTION_V5) {
            return new Subscription(new Subscribe.Subscription(subscriptionFilter(value), subscriptionQos(value)), 0);
        }
        if (value.length < 7) {
            throw new IllegalArgumentException("subscription record of " + value.length + " bytes has no filter");
        }
        ByteBuffer b = ByteBuffer.wrap(value, 1, value.length - 1);
        int options = b.get() & 0xFF;
        int identifier = b.getInt();
        if ((options & 3) == 3 || (options >> 4) > 2 || identifier < 0) {
            throw new IllegalArgumentException("subscription record options 0x" + Integer.toHexString(options)
                    + " or identifier " + identifier + " are invalid");
        }
        String filter = new String(value, 6, value.length - 6, StandardCharsets.UTF_8);
        return new Subscription(new Subscribe.Subscription(filter, options & 3, (options & 4) != 0, (options & 8) != 0,
                options >> 4), identifier);
    }

    static byte[] subscription(String filter, int qos) {
        byte[] f = filter.getBytes(StandardCharsets.UTF_8);
        byte[] r = new byte[2 + f.length];
        r[0] = VERSION;
        r[1] = (byte) qos;
        System.arraycopy(f, 0, r, 2, f.length);
        return r;
    }

    static String subscriptionFilter(byte[] value) {
        if (value.length < 3 || value[0] != VERSION) {
            throw new IllegalArgumentException("not a subscription record of version " + VERSION);
        }
        return new String(value, 2, value.length - 2, StandardCharsets.UTF_8);
    }

    static int subscriptionQos(byte[] value) {
        if (value.length < 2 || value[1] < 0 || value[1] > 2) {
            throw new IllegalArgumentException("subscription record QoS must be 0 to 2");
        }
        return value[1];
    }
}
