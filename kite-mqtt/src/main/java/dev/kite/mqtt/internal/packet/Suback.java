package dev.kite.mqtt.internal.packet;

import java.util.List;
import java.util.Objects;

/**
 * SUBACK [MQTT-3.9].
 *
 * @param packetId the packet id of the SUBSCRIBE it answers
 * @param returnCodes one per filter: the granted QoS 0 to 2, or 0x80 for failure; in 5.0 the
 *     reason codes, 0x80 and above for failures (section 3.9.3)
 * @param properties the MQTT 5.0 properties; {@link Properties#EMPTY} under 3.1.1
 */
public record Suback(int packetId, List<Integer> returnCodes, Properties properties) implements Packet {
    /** The return code that means the subscription failed. */
    public static final int FAILURE = 0x80;

    public Suback {
        returnCodes = List.copyOf(returnCodes);
        Objects.requireNonNull(properties, "properties");
    }

    /** A SUBACK without properties, as MQTT 3.1.1 has them. */
    public Suback(int packetId, List<Integer> returnCodes) {
        this(packetId, returnCodes, Properties.EMPTY);
    }

    @Override
    public int type() {
        return Type.SUBACK;
    }
}
