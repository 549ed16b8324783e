package dev.kite.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What an MQTT 5.0 broker said about the connection in its CONNACK (section 3.2.2.3): the limits
 * it imposes, the features it offers, and what it assigned. A property the broker left out reads
 * as the specification's default: receive maximum 65,535, topic alias maximum 0, maximum QoS 2,
 * retained messages, wildcard, shared subscriptions and subscription identifiers available.
 * {@link #DEFAULTS} is a CONNACK with no properties, and what MQTT 3.1.1 connections report.
 *
 * <p>The client reads these from {@code ConnectToken.connack()}; the builder is for tests and
 * scripted brokers.
 *
 * @since 0.2
 */
public final class ConnackProperties {
    /** A CONNACK without properties: every value is the specification's default. */
    public static final ConnackProperties DEFAULTS = new Builder().build();

    private final String assignedClientId;
    private final int receiveMaximum;
    private final long maximumPacketSize;
    private final int topicAliasMaximum;
    private final int serverKeepAlive;
    private final int maximumQos;
    private final boolean retainAvailable;
    private final boolean wildcardSubscriptionAvailable;
    private final boolean subscriptionIdentifiersAvailable;
    private final boolean sharedSubscriptionAvailable;
    private final long sessionExpiryInterval;
    private final String responseInformation;
    private final String serverReference;
    private final String reasonString;
    private final String authenticationMethod;
    private final byte[] authenticationData;
    private final List<UserProperty> userProperties;

    private ConnackProperties(Builder b) {
        assignedClientId = b.assignedClientId;
        receiveMaximum = b.receiveMaximum;
        maximumPacketSize = b.maximumPacketSize;
        topicAliasMaximum = b.topicAliasMaximum;
        serverKeepAlive = b.serverKeepAlive;
        maximumQos = b.maximumQos;
        retainAvailable = b.retainAvailable;
        wildcardSubscriptionAvailable = b.wildcardSubscriptionAvailable;
        subscriptionIdentifiersAvailable = b.subscriptionIdentifiersAvailable;
        sharedSubscriptionAvailable = b.sharedSubscriptionAvailable;
        sessionExpiryInterval = b.sessionExpiryInterval;
        responseInformation = b.responseInformation;
        serverReference = b.serverReference;
        reasonString = b.reasonString;
        authenticationMethod = b.authenticationMethod;
        authenticationData = b.authenticationData;
        userProperties = List.copyOf(b.userProperties);
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the client identifier the broker assigned, when the client sent an empty one. */
    public Optional<String> assignedClientId() {
        return Optional.ofNullable(assignedClientId);
    }

    /** Returns how many QoS 1 and 2 publishes the broker accepts unacknowledged, 1 to 65,535; 65,535 if not sent. */
    public int receiveMaximum() {
        return receiveMaximum;
    }

    /** Returns the largest packet, in bytes, the broker accepts; empty if it sets no limit. */
    public OptionalLong maximumPacketSize() {
        return maximumPacketSize < 0 ? OptionalLong.empty() : OptionalLong.of(maximumPacketSize);
    }

    /** Returns the highest topic alias the broker accepts from the client, 0 (none) if not sent. */
    public int topicAliasMaximum() {
        return topicAliasMaximum;
    }

    /** Returns the keep alive, in seconds, the broker imposes instead of the client's; empty if it keeps the client's. */
    public OptionalInt serverKeepAlive() {
        return serverKeepAlive < 0 ? OptionalInt.empty() : OptionalInt.of(serverKeepAlive);
    }

    /** Returns the highest QoS the broker supports, 0 to 2; 2 if not sent. */
    public int maximumQos() {
        return maximumQos;
    }

    /** Returns whether the broker supports retained messages; true if not sent. */
    public boolean retainAvailable() {
        return retainAvailable;
    }

    /** Returns whether the broker supports wildcard subscriptions; true if not sent. */
    public boolean wildcardSubscriptionAvailable() {
        return wildcardSubscriptionAvailable;
    }

    /** Returns whether the broker supports subscription identifiers; true if not sent. */
    public boolean subscriptionIdentifiersAvailable() {
        return subscriptionIdentifiersAvailable;
    }

    /** Returns whether the broker supports shared subscriptions; true if not sent. */
    public boolean sharedSubscriptionAvailable() {
        return sharedSubscriptionAvailable;
    }

    /** Returns the session expiry interval the broker imposes; empty if it keeps the client's. */
    public Optional<Duration> sessionExpiryInterval() {
        return sessionExpiryInterval < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(sessionExpiryInterval));
    }

    /** Returns the Response Information, the basis of response topics, when the client asked for it. */
    public Optional<String> responseInformation() {
        return Optional.ofNullable(responseInformation);
    }

    /** Returns another server the client should use. */
    public Optional<String> serverReference() {
        return Optional.ofNullable(serverReference);
    }

    /** Returns the broker's human-readable Reason String. */
    public Optional<String> reasonString() {
        return Optional.ofNullable(reasonString);
    }

    /** Returns the authentication method of enhanced authentication, as the broker confirmed it. */
    public Optional<String> authenticationMethod() {
        return Optional.ofNullable(authenticationMethod);
    }

    /** Returns a copy of the last Authentication Data of enhanced authentication. */
    public Optional<byte[]> authenticationData() {
        return authenticationData == null ? Optional.empty() : Optional.of(authenticationData.clone());
    }

    /** Returns the user properties, in order. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnackProperties c && Objects.equals(c.assignedClientId, assignedClientId)
                && c.receiveMaximum == receiveMaximum && c.maximumPacketSize == maximumPacketSize
                && c.topicAliasMaximum == topicAliasMaximum && c.serverKeepAlive == serverKeepAlive
                && c.maximumQos == maximumQos && c.retainAvailable == retainAvailable
                && c.wildcardSubscriptionAvailable == wildcardSubscriptionAvailable
                && c.subscriptionIdentifiersAvailable == subscriptionIdentifiersAvailable
                && c.sharedSubscriptionAvailable == sharedSubscriptionAvailable
                && c.sessionExpiryInterval == sessionExpiryInterval
                && Objects.equals(c.responseInformation, responseInformation)
                && Objects.equals(c.serverReference, serverReference) && Objects.equals(c.reasonString, reasonString)
                && Objects.equals(c.authenticationMethod, authenticationMethod)
                && Arrays.equals(c.authenticationData, authenticationData) && c.userProperties.equals(userProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assignedClientId, receiveMaximum, maximumPacketSize, topicAliasMaximum, serverKeepAlive,
                maximumQos, retainAvailable, wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable,
                sharedSubscriptionAvailable, sessionExpiryInterval, responseInformation, serverReference,
                reasonString, authenticationMethod, Arrays.hashCode(authenticationData), userProperties);
    }

    /** Lists every value; authentication data by its length only. */
    @Override
    public String toString() {
        return "ConnackProperties[assignedClientId=" + assignedClientId + ", receiveMaximum=" + receiveMaximum
                + ", maximumPacketSize=" + (maximumPacketSize < 0 ? "none" : maximumPacketSize)
                + ", topicAliasMaximum=" + topicAliasMaximum
                + ", serverKeepAlive=" + (serverKeepAlive < 0 ? "none" : serverKeepAlive)
                + ", maximumQos=" + maximumQos + ", retainAvailable=" + retainAvailable
                + ", wildcardSubscriptionAvailable=" + wildcardSubscriptionAvailable
                + ", subscriptionIdentifiersAvailable=" + subscriptionIdentifiersAvailable
                + ", sharedSubscriptionAvailable=" + sharedSubscriptionAvailable
                + ", sessionExpiryInterval=" + (sessionExpiryInterval < 0 ? "none" : sessionExpiryInterval + "s")
                + ", responseInformation=" + responseInformation + ", serverReference=" + serverReference
                + ", reasonString=" + reasonString + ", authenticationMethod=" + authenticationMethod
                + ", authenticationData=" + (authenticationData == null ? "none" : authenticationData.length + " bytes")
                + ", userProperties=" + userProperties + "]";
    }

    /**
     * Builds {@link ConnackProperties}, starting from the defaults. Each setter checks its value
     * against the range the specification allows; a {@code null} argument removes the property.
     * Not thread-safe.
     *
     * @since 0.2
     */
    public static final class Builder {
        private String assignedClientId;
        private int receiveMaximum = 65_535;
        private long maximumPacketSize = -1;
        private int topicAliasMaximum;
        private int serverKeepAlive = -1;
        private int maximumQos = 2;
        private boolean retainAvailable = true;
        private boolean wildcardSubscriptionAvailable = true;
        private boolean subscriptionIdentifiersAvailable = true;
        private boolean sharedSubscriptionAvailable = true;
        private long sessionExpiryInterval = -1;
        private String responseInformation;
        private String serverReference;
        private String reasonString;
        private String authenticationMethod;
        private byte[] authenticationData;
        private final List<UserProperty> userProperties = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the Assigned Client Identifier.
         *
         * @param id a UTF-8 string, or {@code null} for none
         * @return this
         * @throws IllegalArgumentException if it breaks the UTF-8 string rules (section 1.5.4)
         */
        public Builder assignedClientId(String id) {
            assignedClientId = Utf8Strings.checkOrNull("assigned client identifier", id);
            return this;
        }

        /**
         * Sets the Receive Maximum.
         *
         * @param max 1 to 65,535
         * @return this
         * @throws IllegalArgumentException if out of range; 0 is a protocol error (section 3.2.2.3.3)
         */
        public Builder receiveMaximum(int max) {
            receiveMaximum = range("receive maximum", max, 1, 65_535, "section 3.2.2.3.3");
            return this;
        }

        /**
         * Sets the Maximum Packet Size.
         *
         * @param bytes 1 to 4,294,967,295, or a negative value for no limit
         * @return this
         * @throws IllegalArgumentException if 0 or above the range; 0 is a protocol error (section 3.2.2.3.6)
         */
        public Builder maximumPacketSize(long bytes) {
            if (bytes == 0 || bytes > MessageProperties.MAX_SECONDS) {
                throw new IllegalArgumentException("maximum packet size " + bytes
                        + " must be 1 to 4294967295 (section 3.2.2.3.6)");
            }
            maximumPacketSize = bytes < 0 ? -1 : bytes;
            return this;
        }

        /**
         * Sets the Topic Alias Maximum.
         *
         * @param max 0 to 65,535
         * @return this
         * @throws IllegalArgumentException if out of range (section 3.2.2.3.8)
         */
        public Builder topicAliasMaximum(int max) {
            topicAliasMaximum = range("topic alias maximum", max, 0, 65_535, "section 3.2.2.3.8");
            return this;
        }

        /**
         * Sets the Server Keep Alive.
         *
         * @param seconds 0 to 65,535, or a negative value for none
         * @return this
         * @throws IllegalArgumentException if above 65,535 (section 3.2.2.3.14)
         */
        public Builder serverKeepAlive(int seconds) {
            serverKeepAlive = seconds < 0 ? -1 : range("server keep alive", seconds, 0, 65_535, "section 3.2.2.3.14");
            return this;
        }

        /**
         * Sets the Maximum QoS.
         *
         * @param qos 0, 1, or 2 (the default, sent as no property)
         * @return this
         * @throws IllegalArgumentException if not 0 to 2 (section 3.2.2.3.4)
         */
        public Builder maximumQos(int qos) {
            maximumQos = range("maximum QoS", qos, 0, 2, "section 3.2.2.3.4");
            return this;
        }

        /**
         * Sets Retain Available.
         *
         * @param available whether retained messages are supported
         * @return this
         */
        public Builder retainAvailable(boolean available) {
            retainAvailable = available;
            return this;
        }

        /**
         * Sets Wildcard Subscription Available.
         *
         * @param available whether wildcard subscriptions are supported
         * @return this
         */
        public Builder wildcardSubscriptionAvailable(boolean available) {
            wildcardSubscriptionAvailable = available;
            return this;
        }

        /**
         * Sets Subscription Identifiers Available.
         *
         * @param available whether subscription identifiers are supported
         * @return this
         */
        public Builder subscriptionIdentifiersAvailable(boolean available) {
            subscriptionIdentifiersAvailable = available;
            return this;
        }

        /**
         * Sets Shared Subscription Available.
         *
         * @param available whether shared subscriptions are supported
         * @return this
         */
        public Builder sharedSubscriptionAvailable(boolean available) {
            sharedSubscriptionAvailable = available;
            return this;
        }

        /**
         * Sets the Session Expiry Interval the broker imposes.
         *
         * @param interval whole seconds, 0 to 4,294,967,295; {@code null} for none
         * @return this
         * @throws IllegalArgumentException if out of range or with a fraction of a second
         */
        public Builder sessionExpiryInterval(Duration interval) {
            sessionExpiryInterval = interval == null ? -1 : MessageProperties.seconds("session expiry interval", interval);
            return this;
        }

        /**
         * Sets the Response Information.
         *
         * @param info a UTF-8 string, or {@code null} for none
         * @return this
         * @throws IllegalArgumentException if it breaks the UTF-8 string rules (section 1.5.4)
         */
        public Builder responseInformation(String info) {
            responseInformation = Utf8Strings.checkOrNull("response information", info);
            return this;
        }

        /**
         * Sets the Server Reference.
         *
         * @param reference a UTF-8 string, or {@code null} for none
         * @return this
         * @throws IllegalArgumentException if it breaks the UTF-8 string rules (section 1.5.4)
         */
        public Builder serverReference(String reference) {
            serverReference = Utf8Strings.checkOrNull("server reference", reference);
            return this;
        }

        /**
         * Sets the Reason String.
         *
         * @param reason a UTF-8 string, or {@code null} for none
         * @return this
         * @throws IllegalArgumentException if it breaks the UTF-8 string rules (section 1.5.4)
         */
        public Builder reasonString(String reason) {
            reasonString = Utf8Strings.checkOrNull("reason string", reason);
            return this;
        }

        /**
         * Sets the Authentication Method.
         *
         * @param method a UTF-8 string, or {@code null} for none
         * @return this
         * @throws IllegalArgumentException if it breaks the UTF-8 string rules (section 1.5.4)
         */
        public Builder authenticationMethod(String method) {
            authenticationMethod = Utf8Strings.checkOrNull("authentication method", method);
            return this;
        }

        /**
         * Sets the Authentication Data; the array is copied.
         *
         * @param data at most 65,535 bytes, or {@code null} for none
         * @return this
         * @throws IllegalArgumentException if longer than 65,535 bytes (section 1.5.6)
         */
        public Builder authenticationData(byte[] data) {
            if (data != null && data.length > Utf8Strings.MAX_LENGTH) {
                throw new IllegalArgumentException("authentication data of " + data.length
                        + " bytes: must be at most 65535 (Binary Data, section 1.5.6)");
            }
            authenticationData = data == null ? null : data.clone();
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
         * Builds the properties.
         *
         * @return an immutable value
         */
        public ConnackProperties build() {
            return new ConnackProperties(this);
        }

        private static int range(String what, int value, int min, int max, String rule) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + " " + value + " must be " + min + " to " + max
                        + " (" + rule + ")");
            }
            return value;
        }
    }
}
