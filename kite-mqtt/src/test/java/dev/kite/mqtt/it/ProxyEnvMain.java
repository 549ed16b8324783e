package dev.kite.mqtt.it;

import dev.kite.mqtt.ClientOptions;

/**
 * Run in a child JVM by {@link ProxyIT} with {@code all_proxy} in its environment: one round trip
 * to the broker given as the argument, with no proxy option set. Exits 0 on success.
 */
public final class ProxyEnvMain {
    private ProxyEnvMain() {
    }

    /**
     * Runs the round trip.
     *
     * @param args the broker URI
     */
    public static void main(String[] args) {
        RoundTrip.check(new ClientOptions().addBroker(args[0]));
        System.exit(0);
    }
}
