package dev.kite.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The properties of an MQTT 5.0 application message (section 3.3.2.3) and of a will message
 * (section 3.1.3.2): expiry, payload format, content type, response topic and correlation data
 * for request/response, user properties, and on received messages the identifiers of the
 * subscriptions that matched. Immutable; {@link #NONE} has none. Ignored under MQTT 3.1.1.
 *
 * <pre>{@code
 * MessageProperties props = MessageProperties.builder()
 *         .messageExpiry(Duration.ofMinutes(5))
 *         .contentType("application/json")
 *         .userProperty("trace", "abc123")
 *         .build();
 * }</pre>
 *
 * @since 0.2
 */
public final class MessageProperties {
    /** No properties at all. */
    public static final MessageProperties NONE = new Builder().build();

    /** The largest interval a Four Byte Integer can carry, in seconds (section 1.5.3). */
    static final long MAX_SECONDS = 0xFFFF_FFFFL;

    private final long messageExpiry;
    /** The Payload Format Indicator: -1 when absent, else 0 or 1. */
    private final int payloadFormat;
    private final String contentType;
    private final String responseTopic;
    private final byte[] correlationData;
    private final List<UserProperty> userProperties;
    private final List<Integer> subscriptionIdentifiers;
    private final long willDelay;

    private MessageProperties(Builder b) {
        this.messageExpiry = b.messageExpiry;
        this.payloadFormat = b.payloadFormat;
        this.contentType = b.contentType;
        this.responseTopic = b.responseTopic;
        this.correlationData = b.correlationData;
        this.userProperties = List.copyOf(b.userProperties);
        this.subscriptionIdentifiers = List.copyOf(b.subscriptionIdentifiers);
        this.willDelay = b.willDelay;
    }

    /**
     * Returns a builder with no properties set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these properties, to derive a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.messageExpiry = messageExpiry;
        b.payloadFormat = payloadFormat;
        b.contentType = contentType;
        b.responseTopic = responseTopic;
        b.correlationData = correlationData;
        b.userProperties.addAll(userProperties);
        b.subscriptionIdentifiers.addAll(subscriptionIdentifiers);
        b.willDelay = willDelay;
        return b;
    }

    /** Returns the Message Expiry Interval: how long the broker keeps the message for subscribers that have not received it. */
    public Optional<Duration> messageExpiry() {
        return messageExpiry < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(messageExpiry));
    }

    /** Returns whether the Payload Format Indicator says the payload is UTF-8 text (false: unspecified bytes). */
    public boolean payloadFormatUtf8() {
        return payloadFormat == 1;
    }

    /**
     * Returns the Payload Format Indicator as sent: 0 (unspecified bytes) or 1 (UTF-8 text), or
     * empty when the message carries none. Unlike {@link #payloadFormatUtf8()} it tells an
     * explicit 0 from an absent indicator.
     *
     * @return the indicator, or empty
     * @since 0.3
     */
    public OptionalInt payloadFormatIndicator() {
        return payloadFormat < 0 ? OptionalInt.empty() : OptionalInt.of(payloadFormat);
    }

    /** Returns the Content Type, such as a MIME type. */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** Returns the Response Topic: the topic name a reply should be published to. */
    public Optional<String> responseTopic() {
        return Optional.ofNullable(responseTopic);
    }

    /** Returns a copy of the Correlation Data that ties a reply to its request. */
    public Optional<byte[]> correlationData() {
        return correlationData == null ? Optional.empty() : Optional.of(correlationData.clone());
    }

    /** Returns the user properties, in order; names may repeat. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** Returns the identifiers of the subscriptions a received message matched; empty on messages sent. */
    public List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }

    /** Returns the Will Delay Interval, meaningful on will properties only: how long the broker waits before publishing the will. */
    public Optional<Duration> willDelay() {
        return willDelay < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(willDelay));
    }

    /** Returns whether no property is set: equal to {@link #NONE}. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageProperties m && m.messageExpiry == messageExpiry
                && m.payloadFormat == payloadFormat && Objects.equals(m.contentType, contentType)
                && Objects.equals(m.responseTopic, responseTopic) && Arrays.equals(m.correlationData, correlationData)
                && m.userProperties.equals(userProperties) && m.subscriptionIdentifiers.equals(subscriptionIdentifiers)
                && m.willDelay == willDelay;
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageExpiry, payloadFormat, contentType, responseTopic,
                Arrays.hashCode(correlationData), userProperties, subscriptionIdentifiers, willDelay);
    }

    /** Lists the properties set; correlation data by its length only. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("MessageProperties[");
        if (messageExpiry >= 0) {
            s.append("messageExpiry=").append(messageExpiry).append("s, ");
        }
        if (payloadFormat == 1) {
            s.append("payloadFormatUtf8, ");
        } else if (payloadFormat == 0) {
            s.append("payloadFormatIndicator=0, ");
        }
        if (contentType != null) {
            s.append("contentType=").append(contentType).append(", ");
        }
        if (responseTopic != null) {
            s.append("responseTopic=").append(responseTopic).append(", ");
        }
        if (correlationData != null) {
            s.append("correlationData=").append(correlationData.length).append(" bytes, ");
        }
        if (!userProperties.isEmpty()) {
            s.append("userProperties=").append(userProperties).append(", ");
        }
        if (!subscriptionIdentifiers.isEmpty()) {
            s.append("subscriptionIdentifiers=").append(subscriptionIdentifiers).append(", ");
        }
        if (willDelay >= 0) {
            s.append("willDelay=").append(willDelay).append("s, ");
        }
        if (s.charAt(s.length() - 1) == ' ') {
            s.setLength(s.length() - 2);
        }
        return s.append(']').toString();
    }

    /**
     * Returns a duration as the whole seconds a Four Byte Integer property carries.
     *
     * @throws IllegalArgumentException if it is negative, has a fraction of a second or exceeds
     *     4,294,967,295 seconds
     */
    static long seconds(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.getNano() != 0 || d.getSeconds() > MAX_SECONDS) {
            throw new IllegalArgumentException(what + " " + d + ": must be whole seconds from 0 to "
                    + MAX_SECONDS + " (a Four Byte Integer, section 1.5.3)");
        }
        return d.getSeconds();
    }

    /**
     * Builds {@link MessageProperties}. Each setter checks its value at the call; a {@code null}
     * argument removes the property. Not thread-safe.
     *
     * @since 0.2
     */
    public static final class Builder {
        private long messageExpiry = -1;
        private int payloadFormat = -1;
        private String contentType;
        private String responseTopic;
        private byte[] correlationData;
        private final List<UserProperty> userProperties = new ArrayList<>();
        private final List<Integer> subscriptionIdentifiers = new ArrayList<>();
        private long willDelay = -1;

        private Builder() {
        }

        /**
         * Sets the Message Expiry Interval.
         *
         * @param expiry whole seconds, 0 to 4,294,967,295; {@code null} for none (the message does not expire)
         * @return this
         * @throws IllegalArgumentException if it is out of range or has a fraction of a second
         */
        public Builder messageExpiry(Duration expiry) {
            this.messageExpiry = expiry == null ? -1 : seconds("message expiry", expiry);
            return this;
        }

        /**
         * Sets the Payload Format Indicator to 1 (UTF-8 text), or removes it: an absent indicator
         * means unspecified bytes, as an explicit 0 does (see {@link #payloadFormatIndicator}).
         *
         * @param utf8 true if the payload is UTF-8 text, false for unspecified bytes
         * @return this
         */
        public Builder payloadFormatUtf8(boolean utf8) {
            this.payloadFormat = utf8 ? 1 : -1;
            return this;
        }

        /**
         * Sets the Payload Format Indicator to an explicit value, which is sent as given: 0 for
         * unspecified bytes, 1 for UTF-8 text (section 3.3.2.3.2).
         *
         * @param indicator 0 or 1; {@code null} for none
         * @return this
         * @throws IllegalArgumentException if it is neither 0 nor 1
         * @since 0.3
         */
        public Builder payloadFormatIndicator(Integer indicator) {
            if (indicator != null && indicator != 0 && indicator != 1) {
                throw new IllegalArgumentException("payload format indicator " + indicator
                        + ": must be 0 (unspecified bytes) or 1 (UTF-8 text) (section 3.3.2.3.2)");
            }
            this.payloadFormat = indicator == null ? -1 : indicator;
            return this;
        }

        /**
         * Sets the Content Type.
         *
         * @param contentType a UTF-8 string, such as {@code "application/json"}; {@code null} for none
         * @return this
         * @throws IllegalArgumentException if it contains U+0000 or an unpaired surrogate or takes
         *     more than 65,535 bytes [MQTT-1.5.4-1] [MQTT-1.5.4-2]
         */
        public Builder contentType(String contentType) {
            this.contentType = Utf8Strings.checkOrNull("content type", contentType);
            return this;
        }

        /**
         * Sets the Response Topic.
         *
         * @param topic a topic name, without wildcards [MQTT-3.3.2-14]; {@code null} for none
         * @return this
         * @throws IllegalArgumentException if it is not a valid topic name (see {@link Topic#validate})
         */
        public Builder responseTopic(String topic) {
            if (topic != null) {
                try {
                    Topic.validate(topic);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("response " + e.getMessage() + " [MQTT-3.3.2-14]", e);
                }
            }
            this.responseTopic = topic;
            return this;
        }

        /**
         * Sets the Correlation Data; the array is copied.
         *
         * @param data at most 65,535 bytes; {@code null} for none
         * @return this
         * @throws IllegalArgumentException if it is longer than 65,535 bytes (section 1.5.6)
         */
        public Builder correlationData(byte[] data) {
            if (data != null && data.length > Utf8Strings.MAX_LENGTH) {
                throw new IllegalArgumentException("correlation data of " + data.length
                        + " bytes: must be at most 65535 (Binary Data, section 1.5.6)");
            }
            this.correlationData = data == null ? null : data.clone();
            return this;
        }

        /**
         * Adds a user property after those already added.
         *
         * @param name the name
         * @param value the value
         * @return this
         * @throws IllegalArgumentException as {@link UserProperty#UserProperty}
         */
        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        /**
         * Adds user properties after those already added.
         *
         * @param properties the properties, in order
         * @return this
         * @throws NullPointerException if the list or an element is null
         */
        public Builder userProperties(List<UserProperty> properties) {
            for (UserProperty p : properties) {
                userProperties.add(Objects.requireNonNull(p, "user property"));
            }
            return this;
        }

        /**
         * Adds the identifier of a subscription a received message matched. The client sets these
         * on messages it receives; a client must not send them [MQTT-3.3.4-6], so a publish with
         * one is refused.
         *
         * @param id 1 to 268,435,455
         * @return this
         * @throws IllegalArgumentException if it is out of range (section 3.3.2.3.8)
         */
        public Builder subscriptionIdentifier(int id) {
            if (id < 1 || id > Subscription.MAX_SUBSCRIPTION_IDENTIFIER) {
                throw new IllegalArgumentException("subscription identifier " + id + " must be 1 to "
                        + Subscription.MAX_SUBSCRIPTION_IDENTIFIER + " (section 3.3.2.3.8)");
            }
            subscriptionIdentifiers.add(id);
            return this;
        }

        /**
         * Sets the Will Delay Interval; meaningful on will properties only
         * ({@code ClientOptions.setWillProperties}), where the broker waits this long after the
         * connection is lost before it publishes the will.
         *
         * @param delay whole seconds, 0 to 4,294,967,295; {@code null} for none
         * @return this
         * @throws IllegalArgumentException if it is out of range or has a fraction of a second
         */
        public Builder willDelay(Duration delay) {
            this.willDelay = delay == null ? -1 : seconds("will delay", delay);
            return this;
        }

        /**
         * Builds the properties.
         *
         * @return an immutable value
         */
        public MessageProperties build() {
            return new MessageProperties(this);
        }
    }
}
