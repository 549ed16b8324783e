package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.PacketListener.Direction;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes packets for a {@link PacketListener} in libmosquitto's debug-log wording, which
 * differs between sending and receiving (mosquitto logs an outgoing PUBACK as
 * {@code PUBACK (m1, rc0)} and an incoming one as {@code PUBACK (Mid: 1, RC:0)}).
 */
final class PacketDescriptions {
    private PacketDescriptions() {
    }

    /** Reports each line that describes {@code p} (SUBSCRIBE and UNSUBSCRIBE give one per filter). */
    static void report(PacketListener listener, Direction direction, Packet p) {
        if (listener == null) {
            return;
        }
        for (String line : describe(direction, p)) {
            listener.onPacket(direction, line);
        }
    }

    static List<String> describe(Direction direction, Packet p) {
        boolean sent = direction == Direction.SENT;
        if (p instanceof Publish pub) {
            // a PUBLISH that leaves its topic to a topic alias has none: libmosquitto prints "(null)"
            String topic = pub.topic().isEmpty() ? "(null)" : pub.topic();
            return List.of("PUBLISH (d" + (pub.dup() ? 1 : 0) + ", q" + pub.qos() + ", r" + (pub.retain() ? 1 : 0)
                    + ", m" + pub.packetId() + ", '" + topic + "', ... (" + pub.payload().length + " bytes))");
        }
        if (p instanceof Connack c) {
            return List.of("CONNACK (" + c.returnCode() + ")");
        }
        if (p instanceof Puback a) {
            // the reason code is 0 under 3.1.1; under 5.0 the broker's (0x10 no matching subscribers, 0x87, ...)
            return List.of(sent ? "PUBACK (m" + a.packetId() + ", rc" + a.reasonCode() + ")"
                    : "PUBACK (Mid: " + a.packetId() + ", RC:" + a.reasonCode() + ")");
        }
        if (p instanceof Pubrec r) {
            return List.of(sent ? "PUBREC (m" + r.packetId() + ", rc" + r.reasonCode() + ")"
                    : "PUBREC (Mid: " + r.packetId() + ")");
        }
        if (p instanceof Pubrel r) {
            return List.of(sent ? "PUBREL (m" + r.packetId() + ")" : "PUBREL (Mid: " + r.packetId() + ")");
        }
        if (p instanceof Pubcomp c) {
            return List.of(sent ? "PUBCOMP (m" + c.packetId() + ")"
                    : "PUBCOMP (Mid: " + c.packetId() + ", RC:" + c.reasonCode() + ")");
        }
        if (p instanceof Subscribe s) {
            List<String> lines = new ArrayList<>();
            for (Subscribe.Subscription sub : s.subscriptions()) {
                lines.add("SUBSCRIBE (Mid: " + s.packetId() + ", Topic: " + sub.filter() + ", QoS: " + sub.qos()
                        + ", Options: 0x" + String.format("%02x", options(sub)) + ")");
            }
            return lines;
        }
        if (p instanceof Unsubscribe u) {
            List<String> lines = new ArrayList<>();
            for (String filter : u.filters()) {
                lines.add("UNSUBSCRIBE (Mid: " + u.packetId() + ", Topic: " + filter + ")");
            }
            return lines;
        }
        if (p instanceof Disconnect d && !sent) {
            return List.of("DISCONNECT (" + d.reasonCode() + ")");
        }
        return List.of(Packet.Type.name(p.type()));
    }

    /**
     * The options byte of a SUBSCRIBE entry without its QoS bits, as libmosquitto logs it
     * (section 3.8.3.1: no local 0x04, retain as published 0x08, retain handling in bits 4-5).
     * Entries carry options under MQTT 5.0 only, so a 3.1.1 SUBSCRIBE shows 0x00.
     */
    static int options(Subscribe.Subscription sub) {
        return (sub.noLocal() ? 0x04 : 0) | (sub.retainAsPublished() ? 0x08 : 0) | sub.retainHandling() << 4;
    }
}
