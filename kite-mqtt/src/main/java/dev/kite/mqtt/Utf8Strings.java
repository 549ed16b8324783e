package dev.kite.mqtt;

import java.nio.charset.StandardCharsets;

/**
 * The rules every UTF-8 string of MQTT obeys, checked where a caller hands one in: not null,
 * no U+0000, well-formed UTF-16 so it encodes to well-formed UTF-8, at most 65,535 bytes
 * (3.1.1 section 1.5.3, 5.0 section 1.5.4).
 */
final class Utf8Strings {
    /** The longest string, in UTF-8 bytes, that a two-byte length prefix can describe. */
    static final int MAX_LENGTH = 65_535;

    private Utf8Strings() {
    }

    /**
     * Checks a string; {@code what} names it in the message, such as {@code "content type"}.
     *
     * @return {@code value}
     * @throws IllegalArgumentException if it breaks a rule
     */
    static String check(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                // [MQTT-1.5.4-2]
                throw new IllegalArgumentException(what + " '" + value.replace('\0', '?')
                        + "': must not contain U+0000");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // [MQTT-1.5.4-1] an unpaired surrogate has no well-formed UTF-8 encoding
                throw new IllegalArgumentException(what + " '" + value + "': unpaired surrogate at index " + i);
            }
        }
        if (value.length() > MAX_LENGTH / 3 && value.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " of " + value.getBytes(StandardCharsets.UTF_8).length
                    + " bytes: must be at most " + MAX_LENGTH + " bytes in UTF-8");
        }
        return value;
    }

    /** Checks a string that may be absent: {@code null} passes as {@code null}. */
    static String checkOrNull(String what, String value) {
        return value == null ? null : check(what, value);
    }
}
