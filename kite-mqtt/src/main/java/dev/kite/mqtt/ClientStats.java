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
 * @since 0.1
 */
public record ClientStats(int inFlight, int queued, long packetsSent, long packetsReceived,
                          long messagesDelivered, long reconnects) {
}
