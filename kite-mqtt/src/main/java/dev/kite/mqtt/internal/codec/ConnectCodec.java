package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.Topic;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;

/**
 * CONNECT, the one packet with enough fields to deserve its own file [MQTT-3.1]: the variable
 * header (protocol name, level, flags, keep alive) then the payload (client id, will topic and
 * message, user name, password), present as the flags say. MQTT 5.0 adds a property block after
 * the keep alive and one before the will topic (section 3.1.2.11, 3.1.3.2), and allows a
 * password without a user name.
 */
final class ConnectCodec {
    private static final int USERNAME = 0x80;
    private static final int PASSWORD = 0x40;
    private static final int WILL_RETAIN = 0x20;
    private static final int WILL_QOS = 0x18;
    private static final int WILL = 0x04;
    private static final int CLEAN_SESSION = 0x02;
    private static final int RESERVED = 0x01;
    private static final int BRIDGE = 0x80;

    private ConnectCodec() {
    }

    /** Validates a CONNECT and returns its remaining length. */
    static long remainingLength(Connect c) {
        if (c.version() == null) {
            throw new IllegalArgumentException("CONNECT: protocol version must not be null");
        }
        if (c.keepAliveSeconds() < 0 || c.keepAliveSeconds() > 65_535) {
            throw new IllegalArgumentException("CONNECT: keep alive " + c.keepAliveSeconds()
                    + " must be 0 to 65535 seconds (section 3.1.2.10)");
        }
        boolean v5 = c.version() == ProtocolVersion.MQTT_5;
        if (c.password() != null && c.username() == null && !v5) {
            throw new IllegalArgumentException("CONNECT: a password needs a user name [MQTT-3.1.2-22]");
        }
        boolean willProperties = c.will() != null && !c.will().properties().isEmpty();
        if (!v5 && (!c.properties().isEmpty() || willProperties)) {
            throw new IllegalArgumentException("CONNECT: properties exist only in MQTT 5.0, not in " + c.version());
        }
        long n = 2L + c.version().protocolName().length() + 1 + 1 + 2;
        if (v5) {
            n += V5Properties.size("CONNECT", Packet.Type.CONNECT, c.properties());
        }
        n += 2 + Utf8.length("CONNECT: client identifier", c.clientId());
        if (c.will() != null) {
            Connect.Will w = c.will();
            Encoder.checkQos("CONNECT: will", w.qos());
            try {
                Topic.validate(w.topic());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("CONNECT: will " + e.getMessage() + " [MQTT-3.1.3-10]", e);
            }
            if (v5) {
                n += V5Properties.size("CONNECT", V5Properties.WILL, w.properties());
            }
            n += 2 + Utf8.length("CONNECT: will topic", w.topic());
            n += 2 + checkBinary("will message", w.payload());
        }
        if (c.username() != null) {
            n += 2 + Utf8.length("CONNECT: user name", c.username());
        }
        if (c.password() != null) {
            n += 2 + checkBinary("password", c.password());
        }
        return n;
    }

    /** Writes the variable header and payload of a CONNECT measured by {@link #remainingLength}. */
    static void write(Connect c, ByteWriter w) {
        w.string(c.version().protocolName());
        // A bridge announces itself with the top bit of the level, a widespread broker extension
        w.u8(c.version().level() | (c.bridge() ? BRIDGE : 0));
        Connect.Will will = c.will();
        int flags = (c.cleanSession() ? CLEAN_SESSION : 0)
                | (will != null ? WILL | will.qos() << 3 | (will.retained() ? WILL_RETAIN : 0) : 0)
                | (c.username() != null ? USERNAME : 0)
                | (c.password() != null ? PASSWORD : 0);
        w.u8(flags);
        w.u16(c.keepAliveSeconds());
        boolean v5 = c.version() == ProtocolVersion.MQTT_5;
        if (v5) {
            V5Properties.write(w, c.properties());
        }
        w.string(c.clientId());
        if (will != null) {
            if (v5) {
                V5Properties.write(w, will.properties());
            }
            w.string(will.topic());
            w.binary(will.payload());
        }
        if (c.username() != null) {
            w.string(c.username());
        }
        if (c.password() != null) {
            w.binary(c.password());
        }
    }

    /** Reads the body of an MQTT 3.1 or 3.1.1 CONNECT. */
    static Connect read(PacketReader r) {
        return read(r, false);
    }

    /** Reads the body of a CONNECT: of MQTT 5.0 if {@code v5}, else of 3.1 or 3.1.1. */
    static Connect read(PacketReader r, boolean v5) {
        String name = r.string("protocol name");
        int levelByte = r.u8("protocol level");
        boolean bridge = (levelByte & BRIDGE) != 0;
        int level = levelByte & ~BRIDGE;
        ProtocolVersion version = null;
        for (ProtocolVersion v : ProtocolVersion.values()) {
            // each decoder reads the CONNECT of its own versions: 5.0 has properties where 3.1.1 has none
            if ((v == ProtocolVersion.MQTT_5) == v5 && v.protocolName().equals(name) && v.level() == level) {
                version = v;
            }
        }
        if (version == null && v5) {
            throw r.error("protocol name '" + name + "' with level " + level + ", expected 'MQTT' 5"
                    + " (section 3.1.2.1, 3.1.2.2)", ReasonCode.UNSUPPORTED_PROTOCOL_VERSION.code());
        }
        if (version == null) {
            // [MQTT-3.1.2-1] [MQTT-3.1.2-2] only "MQIsdp" level 3 and "MQTT" level 4 are spoken here
            throw r.malformed("unknown protocol name '" + name + "' with level " + level
                    + ", expected 'MQIsdp' 3 or 'MQTT' 4 [MQTT-3.1.2-1] [MQTT-3.1.2-2]");
        }
        int flags = r.u8("connect flags");
        checkFlags(r, flags, v5);
        int keepAlive = r.u16("keep alive");
        Properties properties = v5 ? V5Properties.read(r, Packet.Type.CONNECT) : Properties.EMPTY;
        String clientId = r.string("client identifier");
        Connect.Will will = null;
        if ((flags & WILL) != 0) {
            Properties willProperties = v5 ? V5Properties.read(r, V5Properties.WILL) : Properties.EMPTY;
            String topic = r.string("will topic");
            try {
                Topic.validate(topic);
            } catch (IllegalArgumentException e) {
                throw r.malformed("will " + e.getMessage() + " [MQTT-3.1.3-10]", e);
            }
            byte[] message = r.binary("will message");
            will = new Connect.Will(topic, message, (flags & WILL_QOS) >> 3, (flags & WILL_RETAIN) != 0,
                    willProperties);
        }
        String username = (flags & USERNAME) != 0 ? r.string("user name") : null;
        byte[] password = (flags & PASSWORD) != 0 ? r.binary("password") : null;
        r.end();
        return new Connect(version, bridge, (flags & CLEAN_SESSION) != 0, keepAlive, clientId, will,
                username, password, properties);
    }

    private static void checkFlags(PacketReader r, int flags, boolean v5) {
        if ((flags & RESERVED) != 0) {
            throw r.malformed("connect flags 0x" + Integer.toHexString(flags)
                    + ": reserved bit 0 is set [MQTT-3.1.2-3]");
        }
        int willQos = (flags & WILL_QOS) >> 3;
        if ((flags & WILL) == 0 && willQos != 0) {
            throw r.malformed("will QoS " + willQos + " without the will flag [MQTT-3.1.2-11] [MQTT-3.1.2-13]");
        }
        if ((flags & WILL) == 0 && (flags & WILL_RETAIN) != 0) {
            throw r.malformed("will retain without the will flag [MQTT-3.1.2-11] [MQTT-3.1.2-15]");
        }
        if (willQos == 3) {
            throw r.malformed("will QoS 3 is malformed [MQTT-3.1.2-14]");
        }
        if ((flags & PASSWORD) != 0 && (flags & USERNAME) == 0 && !v5) {
            throw r.malformed("password flag without the user name flag [MQTT-3.1.2-22]");
        }
    }

    private static int checkBinary(String what, byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("CONNECT: " + what + " must not be null");
        }
        if (data.length > Utf8.MAX_LENGTH) {
            throw new IllegalArgumentException("CONNECT: " + what + " of " + data.length
                    + " bytes, must be at most 65535 (section 1.5.3)");
        }
        return data.length;
    }
}
