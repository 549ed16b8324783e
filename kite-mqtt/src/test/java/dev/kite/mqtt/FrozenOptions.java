package dev.kite.mqtt;

import dev.kite.mqtt.internal.client.ClientConfig;

/** For tests of the client's internals: the record {@link MqttClient#create} makes of options. */
public final class FrozenOptions {
    private FrozenOptions() {
    }

    /** Returns what a client created from {@code options} now would run with. */
    public static ClientConfig of(ClientOptions options) {
        return options.freeze();
    }
}
