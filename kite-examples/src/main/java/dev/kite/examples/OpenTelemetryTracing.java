package dev.kite.examples;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.opentelemetry.KiteTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry tracing through a broker: a publisher and a subscriber at MQTT 5.0, the
 * publisher's span context carried in the message's {@code traceparent} user property, so the
 * subscriber's span joins the publisher's trace. Each finished span is printed as a
 * {@code SPAN:} line (kind, name, trace id, span id, parent span id); a real application
 * exports them to its collector instead.
 *
 * <pre>{@code
 * java dev.kite.examples.OpenTelemetryTracing tcp://127.0.0.1:1883
 * }</pre>
 *
 * @since 0.2
 */
public final class OpenTelemetryTracing {
    private OpenTelemetryTracing() {
    }

    /**
     * Runs the example.
     *
     * @param args an optional broker URI that speaks MQTT 5.0; {@code tcp://127.0.0.1:1883} when absent
     * @throws Exception if connecting fails, the message does not arrive within five seconds or
     *     the example is interrupted
     */
    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? args[0] : Trivial.DEFAULT_BROKER);
    }

    /**
     * Runs the example against {@code broker}: one traced message, its two spans printed.
     *
     * @param broker the broker URI
     * @throws Exception if connecting fails or the message does not arrive within five seconds
     */
    public static void run(String broker) throws Exception {
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(new PrintingExporter())).build())
                .build();
             MqttClient subscriber = MqttClient.create(new ClientOptions().addBroker(broker)
                     .setClientId("kite-traced-sub").setProtocolVersion(5));
             MqttClient publisher = MqttClient.create(new ClientOptions().addBroker(broker)
                     .setClientId("kite-traced-pub").setProtocolVersion(5))) {
            KiteTelemetry telemetry = KiteTelemetry.create(otel);
            CountDownLatch handled = new CountDownLatch(1);
            subscriber.connect().await();
            subscriber.subscribe("kite-example/traced", 1, telemetry.wrap((client, msg) -> {
                System.out.printf("MSG: %s%n", new String(msg.payload(), StandardCharsets.UTF_8));
                handled.countDown();
            })).await();

            publisher.connect().await();
            telemetry.publish(publisher, "kite-example/traced", 1, false,
                    "traced hello".getBytes(StandardCharsets.UTF_8)).await();
            if (!handled.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the traced message did not arrive within 5 s");
            }
            publisher.disconnect(250);
            subscriber.disconnect(250);
        }
    }

    /** Prints each finished span on one line. */
    private static final class PrintingExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            for (SpanData s : spans) {
                System.out.printf("SPAN: %s %s trace=%s span=%s parent=%s%n", s.getKind(), s.getName(),
                        s.getTraceId(), s.getSpanId(), s.getParentSpanId());
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
