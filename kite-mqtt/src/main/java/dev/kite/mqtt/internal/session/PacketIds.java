package dev.kite.mqtt.internal.session;

import java.util.BitSet;

/**
 * Packet ids 1..65535 [MQTT-2.3.1]: hands out the next free id after the last one issued,
 * skipping ids still in use, so an id is not reused while its flow is open.
 */
final class PacketIds {
    static final int MAX = 65_535;

    /** Grows with the highest id issued: a client with few messages in flight keeps it small. */
    private final BitSet inUse = new BitSet();
    private int last;
    private int count;

    /** Returns a free id and marks it used, or 0 if all 65,535 are in use. */
    int take() {
        if (count == MAX) {
            return 0;
        }
        int id = inUse.nextClearBit(last + 1);
        if (id > MAX) {
            id = inUse.nextClearBit(1);
        }
        inUse.set(id);
        last = id;
        count++;
        return id;
    }

    /** Marks a specific id as used (resuming a stored flow); returns false if it already was. */
    boolean claim(int id) {
        if (id < 1 || id > MAX) {
            // a stored id of 0 would count as in use without being one, and exhaust early
            throw new IllegalArgumentException("packet id " + id + ": must be 1 to " + MAX);
        }
        if (inUse.get(id)) {
            return false;
        }
        inUse.set(id);
        count++;
        return true;
    }

    void release(int id) {
        if (id > 0 && inUse.get(id)) {
            inUse.clear(id);
            count--;
        }
    }

    boolean isUsed(int id) {
        return inUse.get(id);
    }

    int inUse() {
        return count;
    }

    void clear() {
        inUse.clear();
        count = 0;
    }
}
