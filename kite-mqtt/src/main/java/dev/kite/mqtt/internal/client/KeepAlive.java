package dev.kite.mqtt.internal.client;

import java.util.concurrent.TimeUnit;

/**
 * The keepalive rule of one connection, as paho.mqtt.golang applies it: after {@code keepAlive}
 * with nothing sent or nothing received, send a PINGREQ [MQTT-3.1.2-23]; if its PINGRESP does not
 * come within {@code pingTimeout}, the connection is dead (section 3.1.2.10: the client "SHOULD
 * close the Network Connection"). Only a PINGRESP answers a ping: a broker that sends other
 * packets but never answers pings is still given up on.
 *
 * <p>A pure policy: it holds times given to it and reads no clock. The connection's periodic
 * timer calls {@link #tick}; the reader reports {@link #received} packets and the writer
 * {@link #sent} ones. Each time has one writing thread (the reader, the thread holding the write
 * lock, the timer), so volatile fields are enough.
 */
final class KeepAlive {
    /** What the timer must do after a {@link #tick}. */
    enum Action {
        /** Nothing is due. */
        NOTHING,
        /** Send a PINGREQ now; {@link #pingNotSent} if it could not be queued. */
        SEND_PINGREQ,
        /** No PINGRESP within the ping timeout: fail the connection ({@link #deadReason}). */
        DEAD
    }

    private final long keepAliveNanos;
    private final long pingTimeoutNanos;
    private volatile long lastSent;
    private volatile long lastReceived;
    private volatile long pingSentAt;
    private volatile boolean pingOutstanding;

    /**
     * @param keepAliveNanos the keepalive interval; 0 turns keepalive off
     * @param now the time the connection was accepted: it counts as a send and a receipt
     */
    KeepAlive(long keepAliveNanos, long pingTimeoutNanos, long now) {
        this.keepAliveNanos = keepAliveNanos;
        this.pingTimeoutNanos = pingTimeoutNanos;
        this.lastSent = now;
        this.lastReceived = now;
    }

    /** Returns whether keepalive is on. */
    boolean enabled() {
        return keepAliveNanos > 0;
    }

    /** Returns how often {@link #tick} should run: a quarter of the shorter interval; 0 when disabled. */
    long tickPeriodNanos() {
        return enabled() ? Math.min(keepAliveNanos, pingTimeoutNanos) / 4 : 0;
    }

    /** Notes that packets were written at {@code now}. */
    void sent(long now) {
        lastSent = now;
    }

    /**
     * Notes a whole packet received at {@code now}. Progress is a packet, not a byte: a broker
     * trickling one huge packet must not keep the connection alive.
     */
    void received(long now) {
        lastReceived = now;
    }

    /** Notes a PINGRESP: the outstanding ping is answered. */
    void pingresp() {
        pingOutstanding = false;
    }

    /** Returns when packets were last written. */
    long lastSent() {
        return lastSent;
    }

    /** Decides what is due at {@code now}; a SEND_PINGREQ counts the ping as sent at {@code now}. */
    Action tick(long now) {
        if (keepAliveNanos <= 0) {
            return Action.NOTHING;
        }
        if (pingOutstanding) {
            return now - pingSentAt >= pingTimeoutNanos ? Action.DEAD : Action.NOTHING;
        }
        if (now - lastSent >= keepAliveNanos || now - lastReceived >= keepAliveNanos) {
            pingSentAt = now;
            pingOutstanding = true;
            return Action.SEND_PINGREQ;
        }
        return Action.NOTHING;
    }

    /** Withdraws the ping of the last SEND_PINGREQ: it could not be queued. */
    void pingNotSent() {
        pingOutstanding = false;
    }

    /** Says why a {@link Action#DEAD} connection to {@code peer} is dead. */
    String deadReason(String peer) {
        return "no PINGRESP from " + peer + " within " + TimeUnit.NANOSECONDS.toMillis(pingTimeoutNanos)
                + " ms: the connection is lost";
    }
}
