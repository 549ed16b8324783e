package dev.kite.mqtt;

/**
 * A user property of MQTT 5.0: a name and a value, both UTF-8 strings (section 3.1.2.11.8).
 * A packet may carry many, names may repeat, and their order is kept [MQTT-3.3.2-18].
 *
 * <pre>{@code
 * new UserProperty("region", "eu-west");
 * }</pre>
 *
 * @param name the name; may be empty
 * @param value the value; may be empty
 * @since 0.2
 */
public record UserProperty(String name, String value) {
    /**
     * Creates a user property.
     *
     * @throws IllegalArgumentException if the name or the value is null, contains U+0000 or an
     *     unpaired surrogate, or takes more than 65,535 bytes in UTF-8 [MQTT-1.5.7-1]
     */
    public UserProperty {
        Utf8Strings.check("user property name", name);
        Utf8Strings.check("user property '" + name + "' value", value);
    }
}
