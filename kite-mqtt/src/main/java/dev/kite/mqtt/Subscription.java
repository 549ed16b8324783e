package dev.kite.mqtt;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One topic filter to subscribe to, with the subscription options of MQTT 5.0 (section
 * 3.8.3.1). Immutable: each {@code with} method returns a new value, checked at the call.
 * Under MQTT 3.1.1 only the filter and the QoS are sent.
 *
 * <pre>{@code
 * Subscription s = Subscription.of("sensors/+/temp", 1)
 *         .withNoLocal(true)
 *         .withRetainHandling(2);
 * }</pre>
 *
 * @since 0.2
 */
public final class Subscription {
    /** The largest subscription identifier, that of a four-byte variable byte integer (section 3.8.2.1.2). */
    public static final int MAX_SUBSCRIPTION_IDENTIFIER = 268_435_455;

    private final TopicFilter filter;
    private final int qos;
    private final boolean noLocal;
    private final boolean retainAsPublished;
    private final int retainHandling;
    private final int subscriptionIdentifier;

    private Subscription(TopicFilter filter, int qos, boolean noLocal, boolean retainAsPublished,
                         int retainHandling, int subscriptionIdentifier) {
        this.filter = filter;
        this.qos = qos;
        this.noLocal = noLocal;
        this.retainAsPublished = retainAsPublished;
        this.retainHandling = retainHandling;
        this.subscriptionIdentifier = subscriptionIdentifier;
    }

    /**
     * Creates a subscription with the default options: messages of one's own publishing delivered,
     * the retain flag cleared on delivery, retained messages sent at subscribe, no identifier.
     *
     * @param filter the topic filter
     * @param qos the maximum QoS, 0 to 2
     * @return the subscription
     * @throws IllegalArgumentException if the filter is invalid (see {@link TopicFilter#parse}) or
     *     the QoS is not 0, 1 or 2
     */
    public static Subscription of(String filter, int qos) {
        TopicFilter parsed = TopicFilter.parse(filter);
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("subscription '" + filter + "': QoS " + qos
                    + " must be 0, 1 or 2 (section 3.8.3.1)");
        }
        return new Subscription(parsed, qos, false, false, 0, 0);
    }

    /**
     * Returns a copy with the No Local option: when set, the broker does not send back messages
     * this client published.
     *
     * @param noLocal whether to leave out the client's own messages
     * @return the new subscription
     * @throws IllegalArgumentException if {@code noLocal} is set on a shared subscription
     *     ({@code $share/...}), a protocol error [MQTT-3.8.3-4]
     */
    public Subscription withNoLocal(boolean noLocal) {
        if (noLocal && filter.shareGroup() != null) {
            throw new IllegalArgumentException("subscription '" + filter
                    + "': No Local must not be set on a shared subscription [MQTT-3.8.3-4]");
        }
        return new Subscription(filter, qos, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier);
    }

    /**
     * Returns a copy with the Retain As Published option: when set, messages keep the retain flag
     * they were published with; otherwise the broker clears it.
     *
     * @param retainAsPublished whether to keep the retain flag
     * @return the new subscription
     */
    public Subscription withRetainAsPublished(boolean retainAsPublished) {
        return new Subscription(filter, qos, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier);
    }

    /**
     * Returns a copy with the Retain Handling option: 0 sends retained messages at subscribe,
     * 1 only if the subscription did not exist yet, 2 never.
     *
     * @param retainHandling 0, 1 or 2
     * @return the new subscription
     * @throws IllegalArgumentException if it is not 0, 1 or 2 (3 is a protocol error, section 3.8.3.1)
     */
    public Subscription withRetainHandling(int retainHandling) {
        if (retainHandling < 0 || retainHandling > 2) {
            throw new IllegalArgumentException("subscription '" + filter + "': retain handling " + retainHandling
                    + " must be 0, 1 or 2 (section 3.8.3.1)");
        }
        return new Subscription(filter, qos, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier);
    }

    /**
     * Returns a copy with a subscription identifier, which the broker returns with every message
     * delivered for this subscription ({@link MessageProperties#subscriptionIdentifiers()}).
     * Subscriptions sent in one SUBSCRIBE share one identifier.
     *
     * @param id 1 to 268,435,455
     * @return the new subscription
     * @throws IllegalArgumentException if {@code id} is out of range; 0 is a protocol error
     *     (section 3.8.2.1.2)
     */
    public Subscription withSubscriptionIdentifier(int id) {
        if (id < 1 || id > MAX_SUBSCRIPTION_IDENTIFIER) {
            throw new IllegalArgumentException("subscription '" + filter + "': subscription identifier " + id
                    + " must be 1 to " + MAX_SUBSCRIPTION_IDENTIFIER + " (section 3.8.2.1.2)");
        }
        return new Subscription(filter, qos, noLocal, retainAsPublished, retainHandling, id);
    }

    /** Returns the topic filter, as given. */
    public String filter() {
        return filter.filter();
    }

    /** Returns the maximum QoS requested, 0 to 2. */
    public int qos() {
        return qos;
    }

    /** Returns whether the client's own messages are left out. */
    public boolean noLocal() {
        return noLocal;
    }

    /** Returns whether messages keep the retain flag they were published with. */
    public boolean retainAsPublished() {
        return retainAsPublished;
    }

    /** Returns the retain handling option, 0 to 2. */
    public int retainHandling() {
        return retainHandling;
    }

    /** Returns the subscription identifier, or empty if none was set. */
    public OptionalInt subscriptionIdentifier() {
        return subscriptionIdentifier == 0 ? OptionalInt.empty() : OptionalInt.of(subscriptionIdentifier);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subscription s && s.filter.equals(filter) && s.qos == qos && s.noLocal == noLocal
                && s.retainAsPublished == retainAsPublished && s.retainHandling == retainHandling
                && s.subscriptionIdentifier == subscriptionIdentifier;
    }

    @Override
    public int hashCode() {
        return Objects.hash(filter, qos, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier);
    }

    @Override
    public String toString() {
        return "Subscription[" + filter + ", qos=" + qos + (noLocal ? ", noLocal" : "")
                + (retainAsPublished ? ", retainAsPublished" : "")
                + (retainHandling != 0 ? ", retainHandling=" + retainHandling : "")
                + (subscriptionIdentifier != 0 ? ", id=" + subscriptionIdentifier : "") + "]";
    }
}
