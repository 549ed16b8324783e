package dev.kite.mqtt;

/**
 * Rules for topic names, the names messages are published to [MQTT-4.7].
 *
 * @since 0.1
 */
public final class Topic {
    /** The longest topic, in UTF-8 bytes [MQTT-4.7.3-3]. */
    public static final int MAX_LENGTH = Utf8Strings.MAX_LENGTH;

    private Topic() {
    }

    /**
     * Checks that a string is a valid topic name to publish to.
     *
     * @param name the topic name
     * @return {@code name}, for chaining
     * @throws IllegalArgumentException if it is null, empty, longer than 65,535 UTF-8 bytes,
     *     contains U+0000 or an unpaired surrogate, or contains a wildcard
     */
    public static String validate(String name) {
        checkString("topic name", name);
        // [MQTT-4.7.1-1] wildcards are for filters only
        if (name.indexOf('+') >= 0 || name.indexOf('#') >= 0) {
            throw new IllegalArgumentException("topic name '" + name
                    + "': wildcards '+' and '#' are not allowed in a topic name");
        }
        return name;
    }

    /**
     * Checks the string rules shared by names and filters: non-empty [MQTT-4.7.3-1], no U+0000
     * [MQTT-4.7.3-2], well-formed UTF-16 so it encodes to well-formed UTF-8 [MQTT-1.5.3-1], at
     * most 65,535 bytes [MQTT-4.7.3-3].
     */
    static void checkString(String what, String value) {
        if (value != null && value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        Utf8Strings.check(what, value);
    }
}
