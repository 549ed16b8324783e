package dev.kite.opentelemetry;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PublishToken;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * OpenTelemetry tracing for Kite: a PRODUCER span per publish and a CONSUMER span per received
 * message, joined into one trace through the broker by the W3C trace context that MQTT 5.0 user
 * properties carry ("Trace Context: MQTT": user properties {@code traceparent} and
 * {@code tracestate}).
 *
 * <pre>{@code
 * KiteTelemetry telemetry = KiteTelemetry.create(openTelemetry);
 * subscriber.subscribe("orders/#", 1, telemetry.wrap((client, msg) -> process(msg))).await();
 * telemetry.publish(publisher, "orders/new", 1, false, json).await();
 * }</pre>
 *
 * <p>The publish span is a child of the caller's current span, named {@code publish <topic>}, and
 * ends when the publish token completes (at once for QoS 0; on PUBACK or PUBCOMP otherwise), with
 * an error status if the token failed. Its context is written into the message's user properties,
 * replacing any {@code traceparent} or {@code tracestate} already there. A wrapped handler runs in
 * a {@code process <topic>} span whose parent is the context the message carries (a new trace
 * when it carries none), current while the handler runs; a handler that throws marks the span
 * failed. Both spans carry the messaging semantic conventions' attributes: see
 * {@link MessagingAttributes}.
 *
 * <p>Only MQTT 5.0 has user properties. A client that does not speak MQTT 5.0
 * ({@link dev.kite.mqtt.ClientOptions#setProtocolVersion}) publishes untraced, and its wrapped
 * handlers run as they are: no span, no context.
 *
 * <p>The context is always written and read in the W3C format, whatever propagators the
 * {@link OpenTelemetry} instance holds: it is the format the MQTT binding of the specification
 * names. An instance is safe for use from many threads.
 *
 * @since 0.2
 */
public final class KiteTelemetry {
    private static final String SCOPE = "dev.kite.opentelemetry";

    private final Tracer tracer;
    private final TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();

    private KiteTelemetry(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * Creates the tracing of Kite clients with an OpenTelemetry instance's tracer.
     *
     * @param openTelemetry the instance, for example {@code GlobalOpenTelemetry.get()}
     * @return a new instance
     * @throws NullPointerException if {@code openTelemetry} is null
     */
    public static KiteTelemetry create(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        return new KiteTelemetry(openTelemetry.getTracer(SCOPE));
    }

    /**
     * Publishes a traced message without properties of its own.
     *
     * @param client the client
     * @param topic the topic name
     * @param qos 0, 1 or 2
     * @param retained the retain flag
     * @param payload the payload; copied
     * @return the publish token
     * @throws IllegalArgumentException if the topic or QoS is invalid
     * @throws IllegalStateException if the client was disconnected or closed
     * @see #publish(MqttClient, String, int, boolean, byte[], MessageProperties)
     */
    public PublishToken publish(MqttClient client, String topic, int qos, boolean retained, byte[] payload) {
        return publish(client, topic, qos, retained, payload, MessageProperties.NONE);
    }

    /**
     * Publishes a traced message: a PRODUCER span, its context in the message's user properties.
     * Under MQTT 3.1.1 the message is published as {@link MqttClient#publish} would, untraced.
     *
     * @param client the client
     * @param topic the topic name
     * @param qos 0, 1 or 2
     * @param retained the retain flag
     * @param payload the payload; copied
     * @param properties the message's own properties, {@link MessageProperties#NONE} for none
     * @return the publish token; the span ends when it completes
     * @throws IllegalArgumentException as {@link MqttClient#publish(String, int, boolean, byte[], MessageProperties)}
     * @throws IllegalStateException if the client was disconnected or closed
     */
    public PublishToken publish(MqttClient client, String topic, int qos, boolean retained, byte[] payload,
                                MessageProperties properties) {
        if (!speaksV5(client)) {
            return client.publish(topic, qos, retained, payload, properties);
        }
        Span span = tracer.spanBuilder("publish " + topic)
                .setSpanKind(SpanKind.PRODUCER)
                .setAllAttributes(MessagingAttributes.publish(client, topic, qos, retained, payload))
                .startSpan();
        Map<String, String> carrier = new LinkedHashMap<>();
        propagator.inject(Context.current().with(span), carrier, (map, key, value) -> map.put(key, value));
        PublishToken token;
        Scope scope = span.makeCurrent();
        try {
            token = client.publish(topic, qos, retained, payload, TraceProperties.withContext(properties, carrier));
        } catch (RuntimeException e) {
            failed(span, e);
            span.end();
            throw e;
        } finally {
            scope.close();
        }
        token.toCompletableFuture().whenComplete((done, error) -> {
            if (token.messageId() != 0) {
                span.setAttribute(MessagingAttributes.MESSAGE_ID, Integer.toString(token.messageId()));
            }
            if (error != null) {
                failed(span, error);
            }
            span.end();
        });
        return token;
    }

    /**
     * Wraps a handler so that each message runs it in a CONSUMER span, the child of the trace
     * context the message carries. Under MQTT 3.1.1 the handler runs as it is.
     *
     * @param handler the handler
     * @return a handler to give to {@code subscribe} or {@code addRoute}
     * @throws NullPointerException if {@code handler} is null
     */
    public MessageHandler wrap(MessageHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return (client, message) -> {
            if (!speaksV5(client)) {
                handler.handle(client, message);
                return;
            }
            Span span = tracer.spanBuilder("process " + message.topic())
                    .setSpanKind(SpanKind.CONSUMER)
                    .setParent(extract(message))
                    .setAllAttributes(MessagingAttributes.process(client, message))
                    .startSpan();
            Scope scope = span.makeCurrent();
            try {
                handler.handle(client, message);
            } catch (RuntimeException | Error e) {
                failed(span, e);
                throw e;
            } finally {
                scope.close();
                span.end();
            }
        };
    }

    /**
     * Returns the context a received message carries in its {@code traceparent} and
     * {@code tracestate} user properties, over the current context; the current context when it
     * carries none.
     *
     * @param message the message
     * @return the context to parent a span of its processing
     */
    public Context extract(Message message) {
        return propagator.extract(Context.current(), message.properties(), TraceProperties.GETTER);
    }

    private static void failed(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
    }

    private static boolean speaksV5(MqttClient client) {
        return (client.optionsReader().protocolVersion() & 0x7F) == 5;
    }
}
