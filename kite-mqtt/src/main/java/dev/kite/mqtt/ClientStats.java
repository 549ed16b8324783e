package dev.kite.mqtt;

/**
 * A snapshot of a client's counters.
 *
 * @param inFlight outbound QoS 1/2 messages sent and not yet fully acknowledged
 * @param queued outbound messages waiting for room in the in-flight window or a connection
 * @param packetsSent control packets written since the client was created
 * @param packetsReceived control packets read since the client was created
 * @param messagesDelivered messages handed to handlers
 * @param reconnects successful connects after the first
 * @param ignoredAcks PUBACK, PUBCOMP, SUBACK and UNSUBACK received for a packet id with no open
 *     flow, and ignored: stale acknowledgements after a reconnect are legal, many of them point
 *     to a confused broker (PUBREC for an unknown id is answered with PUBREL and not counted)
 * @param deliveryQueued received messages handed to the handlers and not yet done: waiting for
 *     their handler or running it (bounded by {@code setMessageChannelDepth}); since 0.2
 * @since 0.1
 */
public record ClientStats(int inFlight, int queued, long packetsSent, long packetsReceived,
                          long messagesDelivered, long reconnects, long ignoredAcks, int deliveryQueued) {

    /** Counters without {@code deliveryQueued}, which is then 0. */
    public ClientStats(int inFlight, int queued, long packetsSent, long packetsReceived, long messagesDelivered,
                       long reconnects, long ignoredAcks) {
        this(inFlight, queued, packetsSent, packetsReceived, messagesDelivered, reconnects, ignoredAcks, 0);
    }

    /** Counters without {@code ignoredAcks}, which is then 0. */
    public ClientStats(int inFlight, int queued, long packetsSent, long packetsReceived, long messagesDelivered,
                       long reconnects) {
        this(inFlight, queued, packetsSent, packetsReceived, messagesDelivered, reconnects, 0);
    }
}
