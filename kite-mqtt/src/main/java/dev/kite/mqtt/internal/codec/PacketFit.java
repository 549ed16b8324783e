package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;

/**
 * Fits the MQTT 5.0 packets whose diagnostics are optional into the peer's Maximum Packet Size.
 * PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT and AUTH must not carry a Reason String or User
 * Properties that would take them past it ([MQTT-3.4.2-2] [MQTT-3.4.2-3] and the same rules of
 * sections 3.5 to 3.7, [MQTT-3.14.2-3] [MQTT-3.14.2-4], [MQTT-3.15.2-2] [MQTT-3.15.2-3]): the
 * reason string goes first, then the user properties, and what remains is always small enough.
 * Any other packet is the caller's to refuse (see {@code session.Limits}).
 */
public final class PacketFit {
    private PacketFit() {
    }

    /**
     * Returns {@code p}, or a copy without its Reason String and, if that is not enough, without its
     * User Properties, so that it fits {@code maximumPacketSize}.
     *
     * @param maximumPacketSize the peer's Maximum Packet Size in bytes; 0 or less, or
     *     {@code Long.MAX_VALUE}, for none
     */
    public static Packet fit(Packet p, ProtocolVersion version, long maximumPacketSize) {
        if (maximumPacketSize <= 0 || version != ProtocolVersion.MQTT_5 || p.properties().isEmpty()
                || !optionalDiagnostics(p) || Encoder.encodedLength(p, version) <= maximumPacketSize) {
            return p;
        }
        Packet lean = with(p, p.properties().without(Property.REASON_STRING));
        if (Encoder.encodedLength(lean, version) <= maximumPacketSize) {
            return lean;
        }
        return with(lean, lean.properties().without(Property.USER_PROPERTY));
    }

    private static boolean optionalDiagnostics(Packet p) {
        return p instanceof Puback || p instanceof Pubrec || p instanceof Pubrel || p instanceof Pubcomp
                || p instanceof Disconnect || p instanceof Auth;
    }

    private static Packet with(Packet p, Properties props) {
        if (props == p.properties()) {
            return p;
        }
        if (p instanceof Puback a) {
            return new Puback(a.packetId(), a.reasonCode(), props);
        } else if (p instanceof Pubrec a) {
            return new Pubrec(a.packetId(), a.reasonCode(), props);
        } else if (p instanceof Pubrel a) {
            return new Pubrel(a.packetId(), a.reasonCode(), props);
        } else if (p instanceof Pubcomp a) {
            return new Pubcomp(a.packetId(), a.reasonCode(), props);
        } else if (p instanceof Disconnect d) {
            return new Disconnect(d.reasonCode(), props);
        } else if (p instanceof Auth a) {
            return new Auth(a.reasonCode(), props);
        }
        throw new IllegalArgumentException("no optional diagnostics in " + p);
    }
}
