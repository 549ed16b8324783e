package dev.kite.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How an MQTT 5.0 client says goodbye: the reason code, and the properties of its DISCONNECT
 * (section 3.14). Immutable: each {@code with} method returns a new value, checked at the call.
 * Pass it to {@link MqttClient#disconnect(long, Disconnection)}.
 *
 * <pre>{@code
 * // the broker publishes the will, and keeps the session for an hour
 * client.disconnect(250, Disconnection.WITH_WILL.withSessionExpiry(Duration.ofHours(1)));
 * }</pre>
 *
 * @since 0.3
 */
public final class Disconnection {
    /** The reason codes table 3-10 lets a client send (section 3.14.2.1). */
    private static final Set<Integer> CLIENT_CODES = Set.of(0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x90, 0x93, 0x94,
            0x95, 0x96, 0x97, 0x98, 0x99);
    private static final long MAX_EXPIRY_SECONDS = 0xFFFF_FFFFL;

    /** 0x00 Normal disconnection, no properties: the broker discards the will [MQTT-3.14.4-3]. */
    public static final Disconnection NORMAL = new Disconnection(0x00, null, null, List.of());
    /** 0x04 Disconnect with Will Message: the broker publishes the will as if the connection had been lost. */
    public static final Disconnection WITH_WILL = new Disconnection(0x04, null, null, List.of());

    private final int reasonCode;
    private final Duration sessionExpiry;
    private final String reasonString;
    private final List<UserProperty> userProperties;

    private Disconnection(int reasonCode, Duration sessionExpiry, String reasonString, List<UserProperty> userProperties) {
        this.reasonCode = reasonCode;
        this.sessionExpiry = sessionExpiry;
        this.reasonString = reasonString;
        this.userProperties = List.copyOf(userProperties);
    }

    /**
     * Returns a disconnection with a reason code and no properties.
     *
     * @param reasonCode one a client may send: 0x00, 0x04, 0x80 to 0x83, 0x90, 0x93 to 0x99
     * @return the value
     * @throws IllegalArgumentException for any other code, such as one only a server sends
     */
    public static Disconnection of(int reasonCode) {
        if (!CLIENT_CODES.contains(reasonCode)) {
            throw new IllegalArgumentException("DISCONNECT reason code " + ReasonCode.describe(reasonCode & 0xFF)
                    + (reasonCode < 0 || reasonCode > 0xFF ? " (" + reasonCode + ")" : "")
                    + ": a client sends 0x00, 0x04, 0x80 to 0x83, 0x90 or 0x93 to 0x99 [MQTT-3.14.2-1]");
        }
        return new Disconnection(reasonCode, null, null, List.of());
    }

    /**
     * Returns a copy that changes the session's expiry interval as the connection closes
     * (section 3.14.2.2.2): {@code Duration.ZERO} ends the session with the connection. A
     * non-zero interval is refused at the disconnect when the CONNECT set 0.
     *
     * @param interval 0 to 4,294,967,295 seconds (that is, never expires); whole seconds are sent
     * @return the new value
     * @throws IllegalArgumentException if null, negative or too long
     */
    public Disconnection withSessionExpiry(Duration interval) {
        if (interval == null || interval.isNegative() || interval.getSeconds() > MAX_EXPIRY_SECONDS) {
            throw new IllegalArgumentException("session expiry " + interval + ": must be 0 to "
                    + MAX_EXPIRY_SECONDS + " seconds (section 3.14.2.2.2)");
        }
        return new Disconnection(reasonCode, interval, reasonString, userProperties);
    }

    /**
     * Returns a copy with a reason string for the broker's logs; left out of the DISCONNECT when
     * it would pass the broker's Maximum Packet Size [MQTT-3.14.2-3].
     *
     * @param reason the text
     * @return the new value
     * @throws IllegalArgumentException if null or not a valid MQTT string (well-formed UTF-8, no U+0000, 65,535 bytes at most)
     */
    public Disconnection withReasonString(String reason) {
        if (reason == null) {
            throw new IllegalArgumentException("reason string must not be null");
        }
        Utf8Strings.check("reason string", reason);
        return new Disconnection(reasonCode, sessionExpiry, reason, userProperties);
    }

    /**
     * Returns a copy with one more user property, after those already set; left out with the
     * others when they would pass the broker's Maximum Packet Size [MQTT-3.14.2-4].
     *
     * @param name the name
     * @param value the value
     * @return the new value
     * @throws IllegalArgumentException if either is not a valid MQTT string
     */
    public Disconnection withUserProperty(String name, String value) {
        List<UserProperty> more = new ArrayList<>(userProperties);
        more.add(new UserProperty(name, value));
        return new Disconnection(reasonCode, sessionExpiry, reasonString, more);
    }

    /** Returns the reason code, 0x00 by default. */
    public int reasonCode() {
        return reasonCode;
    }

    /** Returns the new session expiry interval, or empty to keep the one of the CONNECT. */
    public Optional<Duration> sessionExpiry() {
        return Optional.ofNullable(sessionExpiry);
    }

    /** Returns the reason string, or empty. */
    public Optional<String> reasonString() {
        return Optional.ofNullable(reasonString);
    }

    /** Returns the user properties, in order. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** Returns whether this is a normal disconnection without properties, the only kind MQTT 3.1.1 has. */
    public boolean isPlain() {
        return reasonCode == 0 && sessionExpiry == null && reasonString == null && userProperties.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Disconnection d && reasonCode == d.reasonCode && Objects.equals(sessionExpiry, d.sessionExpiry)
                && Objects.equals(reasonString, d.reasonString) && userProperties.equals(d.userProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reasonCode, sessionExpiry, reasonString, userProperties);
    }

    @Override
    public String toString() {
        return "Disconnection[" + ReasonCode.describe(reasonCode) + (sessionExpiry == null ? "" : ", sessionExpiry=" + sessionExpiry)
                + (reasonString == null ? "" : ", reason='" + reasonString + "'")
                + (userProperties.isEmpty() ? "" : ", userProperties=" + userProperties) + "]";
    }
}
