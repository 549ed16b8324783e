package dev.kite.mqtt;

/**
 * Quality of service levels [MQTT-4.3].
 *
 * @since 0.1
 */
public final class Qos {
    /** At most once. */
    public static final int AT_MOST_ONCE = 0;
    /** At least once. */
    public static final int AT_LEAST_ONCE = 1;
    /** Exactly once. */
    public static final int EXACTLY_ONCE = 2;

    private Qos() {
    }

    /**
     * Checks a QoS value.
     *
     * @param qos the value
     * @return {@code qos}
     * @throws IllegalArgumentException unless it is 0, 1 or 2
     */
    public static int check(int qos) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos " + qos + ": must be 0, 1 or 2");
        }
        return qos;
    }
}
