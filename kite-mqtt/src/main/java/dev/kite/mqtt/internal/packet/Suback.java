package dev.kite.mqtt.internal.packet;

import java.util.List;

/**
 * SUBACK [MQTT-3.9].
 *
 * @param packetId the packet id of the SUBSCRIBE it answers
 * @param returnCodes one per filter: the granted QoS 0 to 2, or 0x80 for failure
 */
public record Suback(int packetId, List<Integer> returnCodes) implements Packet {
    /** The return code that means the subscription failed. */
    public static final int FAILURE = 0x80;

    public Suback {
        returnCodes = List.copyOf(returnCodes);
    }

    @Override
    public int type() {
        return Type.SUBACK;
    }
}
