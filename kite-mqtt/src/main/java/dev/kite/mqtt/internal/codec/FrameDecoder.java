package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Packet.Type;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads MQTT control packets from a byte stream, in whatever chunks it arrives: 3.1 and 3.1.1
 * bodies through {@code BodyDecoder}, 5.0 bodies through {@code V5Decoder}.
 *
 * <p>Feed it bytes as they come off the socket; it calls the sink once per complete packet, in
 * order, and keeps a partial packet until the rest arrives. Both directions are decoded, so a
 * test broker can read CONNECT and SUBSCRIBE with the same class a client reads CONNACK with.
 *
 * <pre>{@code
 * FrameDecoder decoder = new FrameDecoder(1 << 20);
 * int n;
 * while ((n = in.read(buf)) > 0) {
 *     decoder.feed(buf, 0, n, packets::add);
 * }
 * }</pre>
 *
 * <p>Memory follows the bytes that actually arrived, not the lengths that were declared: a
 * packet's body buffer starts at {@code min(declared, 8 KiB)} and doubles as bytes come in, up
 * to the declared length. The buffer is reused for the next packet unless it grew past 64 KiB.
 * Payloads handed to the sink are copied into arrays of their own.
 *
 * <p>A {@link MqttProtocolException} from {@link #feed} means the stream is malformed: the
 * connection must be closed [MQTT-4.8], and this decoder refuses further input. Not
 * thread-safe: one decoder per connection, fed by one thread.
 *
 * @since 0.1
 */
public final class FrameDecoder {
    /** The largest remaining length MQTT can express, the default maximum (section 2.2.3). */
    public static final int MAX_REMAINING_LENGTH = VarInt.MAX;

    static final int INITIAL_BODY = 8 * 1024;
    static final int RETAINED_BODY = 64 * 1024;

    private final int maxRemainingLength;
    private final ProtocolVersion version;
    private final PacketReader reader = new PacketReader();

    private boolean inHeader = true;
    private int header;
    private int lengthBytes;
    private int remaining;
    private boolean inLength;
    private byte[] body;
    private int bodyPos;
    private boolean failed;

    /** Creates a decoder for MQTT 3.1.1 that accepts any remaining length up to 268,435,455. */
    public FrameDecoder() {
        this(MAX_REMAINING_LENGTH);
    }

    /**
     * Creates a decoder for MQTT 3.1.1.
     *
     * @param maxPacketSize the largest <em>remaining length</em> accepted (the bytes after the
     *     fixed header); a packet declaring more fails as soon as its length is read
     * @throws IllegalArgumentException if it is not 0 to 268,435,455
     */
    public FrameDecoder(int maxPacketSize) {
        this(maxPacketSize, ProtocolVersion.MQTT_3_1_1);
    }

    /**
     * Creates a decoder.
     *
     * @param maxPacketSize the largest remaining length accepted, as {@link #FrameDecoder(int)}
     * @param version the version spoken; it decides how CONNACK's first byte is read (the
     *     session present flag with reserved bits in 3.1.1, an unused byte in 3.1) and two flag
     *     rules: 3.1 allows DUP on a resent PUBREL, SUBSCRIBE or UNSUBSCRIBE and does not forbid
     *     DUP on a QoS 0 PUBLISH, which 3.1.1 and 5.0 do [MQTT-3.3.1-2];
     *     {@link ProtocolVersion#MQTT_5} selects the 5.0 codec
     * @throws IllegalArgumentException if {@code maxPacketSize} is not 0 to 268,435,455
     */
    public FrameDecoder(int maxPacketSize, ProtocolVersion version) {
        if (maxPacketSize < 0 || maxPacketSize > MAX_REMAINING_LENGTH) {
            throw new IllegalArgumentException("maxPacketSize " + maxPacketSize + ": must be 0 to "
                    + MAX_REMAINING_LENGTH + " (section 2.2.3)");
        }
        this.maxRemainingLength = maxPacketSize;
        this.version = Objects.requireNonNull(version, "version");
    }

    /**
     * Decodes bytes, calling {@code sink} for each packet they complete.
     *
     * @param buf the bytes
     * @param off where they start
     * @param len how many there are; 0 is allowed
     * @param sink receives each complete packet, in order, on the calling thread
     * @throws MqttProtocolException if the bytes break a rule of the protocol; the message names
     *     the packet type and the rule. The connection must then be closed.
     * @throws IllegalStateException if an earlier call failed, by a protocol error or because the
     *     sink threw
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code buf}
     */
    public void feed(byte[] buf, int off, int len, Consumer<Packet> sink) {
        if (failed) {
            throw new IllegalStateException("decoder failed earlier: the connection must be closed");
        }
        Objects.checkFromIndexSize(off, len, buf.length);
        failed = true;
        int pos = off;
        int end = off + len;
        while (pos < end) {
            if (inHeader) {
                startPacket(buf[pos++] & 0xFF);
            } else if (inLength) {
                if (readLength(buf[pos++] & 0xFF)) {
                    emitIfComplete(sink);
                }
            } else {
                int n = Math.min(end - pos, remaining - bodyPos);
                ensureCapacity(bodyPos + n);
                System.arraycopy(buf, pos, body, bodyPos, n);
                pos += n;
                bodyPos += n;
                emitIfComplete(sink);
            }
        }
        failed = false;
    }

    /** Returns the capacity of the current body buffer, 0 if none; for tests of memory use. */
    int bodyCapacity() {
        return body == null ? 0 : body.length;
    }

    private void startPacket(int first) {
        header = first;
        int type = first >>> 4;
        int flags = first & 0x0F;
        String name = Type.name(type);
        if (type == 0 || type == Type.AUTH && version != ProtocolVersion.MQTT_5) {
            throw new MqttProtocolException("RESERVED: packet type " + type + " is reserved (section 2.2.1)");
        }
        if (type == Type.PUBLISH) {
            if ((flags & 0x06) == 0x06) {
                throw new MqttProtocolException("PUBLISH: QoS 3 is malformed [MQTT-3.3.1-4]");
            }
            // MQTT 3.1 only says DUP applies to QoS 1 and 2; from 3.1.1 it must be 0 at QoS 0
            if ((flags & 0x0E) == 0x08 && version != ProtocolVersion.MQTT_3_1) {
                throw new MqttProtocolException("PUBLISH: DUP flag set at QoS 0, must be 0 [MQTT-3.3.1-2]");
            }
        } else {
            // [MQTT-2.2.2-2] [MQTT-3.6.1-1] [MQTT-3.8.1-1] [MQTT-3.10.1-1] fixed flags per type
            int expected = type == Type.PUBREL || type == Type.SUBSCRIBE || type == Type.UNSUBSCRIBE ? 0b0010 : 0;
            // MQTT 3.1 sets DUP on a resent PUBREL, SUBSCRIBE or UNSUBSCRIBE (Mosquitto 1.x resent PUBREL so)
            boolean resent31 = version == ProtocolVersion.MQTT_3_1 && expected != 0 && flags == (expected | 0b1000);
            if (flags != expected && !resent31) {
                throw new MqttProtocolException(name + ": fixed header flags 0b" + bits(flags) + ", must be 0b"
                        + bits(expected) + " [MQTT-2.2.2-2]");
            }
        }
        inHeader = false;
        inLength = true;
        lengthBytes = 0;
        remaining = 0;
    }

    /** Takes one byte of the remaining length; returns true when the length is complete. */
    private boolean readLength(int b) {
        String name = Type.name(header >>> 4);
        remaining |= (b & 0x7F) << (7 * lengthBytes);
        lengthBytes++;
        if ((b & 0x80) != 0) {
            if (lengthBytes == VarInt.MAX_BYTES) {
                throw new MqttProtocolException(name + ": remaining length takes more than 4 bytes (section 2.2.3)");
            }
            return false;
        }
        if (b == 0 && lengthBytes > 1 && version == ProtocolVersion.MQTT_5) {
            throw new MqttProtocolException(name + ": remaining length has a redundant trailing 0x00 byte; it must"
                    + " use the fewest bytes [MQTT-1.5.5-1]");
        }
        if (remaining > maxRemainingLength) {
            // refused from the header, before any of the body is buffered: a hostile peer that
            // really sends the bytes it declared cannot make the client hold them
            // under 5.0 the client's DISCONNECT says 0x95 packet too large (section 4.13.1)
            throw new MqttProtocolException(name + ": remaining length " + remaining + " exceeds the maximum "
                    + maxRemainingLength + " this client accepts (raise it with ClientOptions.setMaxIncomingPacketSize)",
                    ReasonCode.PACKET_TOO_LARGE.code(), null);
        }
        int fixed = fixedLength(header >>> 4, version);
        if (fixed >= 0 && remaining != fixed) {
            throw new MqttProtocolException(name + ": remaining length " + remaining + ", must be exactly "
                    + fixed + " (section 2.2.3)");
        }
        inLength = false;
        bodyPos = 0;
        if (body == null || body.length < Math.min(remaining, INITIAL_BODY)) {
            body = new byte[Math.min(remaining, INITIAL_BODY)];
        }
        return true;
    }

    private void emitIfComplete(Consumer<Packet> sink) {
        if (bodyPos < remaining) {
            return;
        }
        reader.reset(body, remaining, Type.name(header >>> 4));
        Packet p = version == ProtocolVersion.MQTT_5 ? V5Decoder.decode(header, reader)
                : BodyDecoder.decode(header, reader, version);
        if (body.length > RETAINED_BODY) {
            body = null;
        }
        inHeader = true;
        sink.accept(p);
    }

    /** Grows the body buffer by doubling, never past the declared remaining length. */
    private void ensureCapacity(int needed) {
        if (needed <= body.length) {
            return;
        }
        int cap = Math.max(body.length, 1);
        while (cap < needed) {
            cap = (int) Math.min((long) cap * 2, remaining);
        }
        body = Arrays.copyOf(body, cap);
    }

    /** Returns the remaining length the spec fixes for a type, or -1 if it varies. */
    private static int fixedLength(int type, ProtocolVersion version) {
        if (version == ProtocolVersion.MQTT_5) {
            // 5.0 adds reason codes and properties to all but the pings (section 3.12, 3.13)
            return type == Type.PINGREQ || type == Type.PINGRESP ? 0 : -1;
        }
        return switch (type) {
            case Type.CONNACK, Type.PUBACK, Type.PUBREC, Type.PUBREL, Type.PUBCOMP, Type.UNSUBACK -> 2;
            case Type.PINGREQ, Type.PINGRESP, Type.DISCONNECT -> 0;
            default -> -1;
        };
    }

    private static String bits(int flags) {
        return String.format("%4s", Integer.toBinaryString(flags)).replace(' ', '0');
    }
}
