/**
 * OpenTelemetry tracing for the Kite MQTT client: {@link dev.kite.opentelemetry.KiteTelemetry}
 * carries the W3C trace context through a broker in MQTT 5.0 user properties.
 */
@SuppressWarnings("requires-automatic") // OpenTelemetry's jars name their modules in the manifest only
module dev.kite.opentelemetry {
    requires transitive dev.kite.mqtt;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;

    exports dev.kite.opentelemetry;
}
