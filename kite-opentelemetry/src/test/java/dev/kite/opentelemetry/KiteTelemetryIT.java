package dev.kite.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.UserProperty;
import dev.kite.testing.MosquittoBroker;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One trace from publisher to subscriber through a real Mosquitto speaking MQTT 5.0. */
class KiteTelemetryIT {
    private static MosquittoBroker broker;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private final KiteTelemetry telemetry = KiteTelemetry.create(otel);

    @BeforeAll
    static void startBroker() {
        broker = MosquittoBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    @Test
    void oneTraceSpansPublisherAndSubscriberThroughTheBroker() throws Exception {
        try (MqttClient sub = MqttClient.create(options("otel-sub", 5));
             MqttClient pub = MqttClient.create(options("otel-pub", 5))) {
            sub.connect().await();
            pub.connect().await();
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            BlockingQueue<SpanContext> inHandler = new LinkedBlockingQueue<>();
            sub.subscribe("otel/orders/#", 1, telemetry.wrap((client, m) -> {
                inHandler.add(Span.current().getSpanContext());
                received.add(m);
            })).await();

            // the application's own span, with a trace state that must travel too
            Span app = otel.getTracer("test").spanBuilder("checkout").startSpan();
            SpanContext withState = SpanContext.create(app.getSpanContext().getTraceId(),
                    app.getSpanContext().getSpanId(), TraceFlags.getSampled(),
                    TraceState.builder().put("kite", "it").build());
            try (Scope ignored = Context.current().with(Span.wrap(withState)).makeCurrent()) {
                telemetry.publish(pub, "otel/orders/1", 1, false, "order".getBytes(StandardCharsets.UTF_8),
                        MessageProperties.builder().userProperty("tenant", "a").build()).await();
            }
            app.end();

            Message m = received.poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().size() == 3);
            SpanData producer = one(SpanKind.PRODUCER);
            SpanData consumer = one(SpanKind.CONSUMER);

            assertThat(producer.getTraceId()).isEqualTo(app.getSpanContext().getTraceId());
            assertThat(producer.getParentSpanId()).isEqualTo(app.getSpanContext().getSpanId());
            assertThat(consumer.getTraceId()).as("one trace through the broker").isEqualTo(producer.getTraceId());
            assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
            assertThat(consumer.getSpanContext().getTraceState().get("kite")).isEqualTo("it");
            assertThat(inHandler.poll()).isEqualTo(consumer.getSpanContext());

            assertThat(m.properties().userProperties()).contains(new UserProperty("tenant", "a"),
                    new UserProperty("traceparent", "00-" + producer.getTraceId() + "-" + producer.getSpanId() + "-01"),
                    new UserProperty("tracestate", "kite=it"));
            assertThat(producer.getName()).isEqualTo("publish otel/orders/1");
            assertThat(producer.getAttributes().get(MessagingAttributes.OPERATION_TYPE)).isEqualTo("send");
            assertThat(producer.getAttributes().get(MessagingAttributes.MESSAGE_ID)).isNotEmpty();
            assertThat(producer.getAttributes().get(MessagingAttributes.QOS)).isEqualTo(1L);
            assertThat(producer.getAttributes().get(MessagingAttributes.BODY_SIZE)).isEqualTo(5L);
            assertThat(consumer.getAttributes().get(MessagingAttributes.DESTINATION)).isEqualTo("otel/orders/1");
            assertThat(consumer.getAttributes().get(MessagingAttributes.CLIENT_ID)).startsWith("otel-sub");
        }
    }

    @Test
    void underMqtt311MessagesGoUntraced() throws Exception {
        try (MqttClient sub = MqttClient.create(options("otel-sub3", 4));
             MqttClient pub = MqttClient.create(options("otel-pub3", 4))) {
            sub.connect().await();
            pub.connect().await();
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            sub.subscribe("otel/v3", 1, telemetry.wrap((client, m) -> received.add(m))).await();
            telemetry.publish(pub, "otel/v3", 1, false, "plain".getBytes(StandardCharsets.UTF_8)).await();
            assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(spans.getFinishedSpanItems()).isEmpty();
        }
    }

    private static ClientOptions options(String id, int version) {
        return new ClientOptions().addBroker(broker.uri()).setClientId(id + "-" + System.nanoTime() % 100_000)
                .setProtocolVersion(version);
    }

    private SpanData one(SpanKind kind) {
        List<SpanData> of = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }
}
