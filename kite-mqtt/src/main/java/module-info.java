/**
 * Kite, an MQTT client. The API is {@code dev.kite.mqtt}; {@code dev.kite.mqtt.store} and
 * {@code dev.kite.mqtt.transport} hold the persistence and transport settings. Everything under
 * {@code dev.kite.mqtt.internal} is private to the library.
 */
module dev.kite.mqtt {
    requires org.slf4j;
    requires java.net.http;

    exports dev.kite.mqtt;
    exports dev.kite.mqtt.store;
    exports dev.kite.mqtt.transport;
}
