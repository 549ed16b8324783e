package dev.kite.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.UserProperty;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Trace context in user properties and the consumer span, without a network. */
class KiteTelemetryTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private final KiteTelemetry telemetry = KiteTelemetry.create(otel);
    private final MqttClient v5 = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1")
            .setClientId("otel-unit").setProtocolVersion(5));
    private final MqttClient v311 = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1"));

    @AfterEach
    void close() {
        v5.close();
        v311.close();
        otel.close();
    }

    @Test
    void theContextReplacesTraceHeadersAndKeepsEverythingElse() {
        MessageProperties own = MessageProperties.builder()
                .contentType("application/json")
                .responseTopic("replies/1")
                .correlationData(new byte[] {1, 2})
                .messageExpiry(Duration.ofSeconds(30))
                .payloadFormatUtf8(true)
                .userProperty("traceparent", "stale")
                .userProperty("tenant", "a")
                .build();
        Map<String, String> context = new LinkedHashMap<>();
        context.put("traceparent", TRACEPARENT);
        context.put("tracestate", "kite=1");

        MessageProperties traced = TraceProperties.withContext(own, context);

        assertThat(traced.userProperties()).containsExactly(new UserProperty("tenant", "a"),
                new UserProperty("traceparent", TRACEPARENT), new UserProperty("tracestate", "kite=1"));
        assertThat(traced.contentType()).contains("application/json");
        assertThat(traced.responseTopic()).contains("replies/1");
        assertThat(traced.correlationData()).hasValueSatisfying(d -> assertThat(d).containsExactly(1, 2));
        assertThat(traced.messageExpiry()).contains(Duration.ofSeconds(30));
        assertThat(traced.payloadFormatUtf8()).isTrue();
    }

    @Test
    void aWrappedHandlerRunsInAConsumerSpanChildOfTheMessagesContext() {
        AtomicReference<Span> current = new AtomicReference<>();
        MessageHandler handler = telemetry.wrap((client, m) -> current.set(Span.current()));

        handler.handle(v5, message("orders/1", 7, MessageProperties.builder()
                .userProperty("traceparent", TRACEPARENT).userProperty("tracestate", "kite=1").build()));

        SpanData span = only();
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getName()).isEqualTo("process orders/1");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_ID);
        assertThat(span.getSpanContext().getTraceState().get("kite")).isEqualTo("1");
        assertThat(current.get().getSpanContext()).as("the span is current in the handler").isEqualTo(span.getSpanContext());
        assertThat(span.getAttributes().get(MessagingAttributes.SYSTEM)).isEqualTo("mqtt");
        assertThat(span.getAttributes().get(MessagingAttributes.DESTINATION)).isEqualTo("orders/1");
        assertThat(span.getAttributes().get(MessagingAttributes.OPERATION_TYPE)).isEqualTo("process");
        assertThat(span.getAttributes().get(MessagingAttributes.MESSAGE_ID)).isEqualTo("7");
        assertThat(span.getAttributes().get(MessagingAttributes.BODY_SIZE)).isEqualTo(5L);
        assertThat(span.getAttributes().get(MessagingAttributes.QOS)).isEqualTo(1L);
        assertThat(span.getAttributes().get(MessagingAttributes.CLIENT_ID)).isEqualTo("otel-unit");
    }

    @Test
    void aMessageWithoutContextStartsATraceAndAMalformedOneIsIgnored() {
        MessageHandler handler = telemetry.wrap((client, m) -> { });
        handler.handle(v5, message("a", 0, MessageProperties.NONE));
        handler.handle(v5, message("b", 0, MessageProperties.builder().userProperty("traceparent", "garbage").build()));
        assertThat(spans.getFinishedSpanItems()).hasSize(2)
                .allSatisfy(s -> assertThat(s.getParentSpanContext().isValid()).isFalse());
    }

    @Test
    void aHandlerThatThrowsFailsItsSpanAndTheExceptionGoesOn() {
        MessageHandler handler = telemetry.wrap((client, m) -> {
            throw new IllegalStateException("bad order");
        });
        assertThatThrownBy(() -> handler.handle(v5, message("a", 0, MessageProperties.NONE)))
                .isInstanceOf(IllegalStateException.class);
        SpanData span = only();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    }

    @Test
    void underMqtt311TheHandlerRunsUntraced() {
        AtomicReference<Message> got = new AtomicReference<>();
        telemetry.wrap((client, m) -> got.set(m)).handle(v311, message("a", 0, MessageProperties.NONE));
        assertThat(got.get()).isNotNull();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    private SpanData only() {
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(1);
        return finished.get(0);
    }

    private static Message message(String topic, int id, MessageProperties properties) {
        return new Message() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public byte[] payload() {
                return "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }

            @Override
            public int qos() {
                return id == 0 ? 0 : 1;
            }

            @Override
            public boolean retained() {
                return false;
            }

            @Override
            public boolean duplicate() {
                return false;
            }

            @Override
            public int messageId() {
                return id;
            }

            @Override
            public MessageProperties properties() {
                return properties;
            }

            @Override
            public void ack() {
            }
        };
    }
}
