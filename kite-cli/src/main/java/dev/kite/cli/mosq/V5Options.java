package dev.kite.cli.mosq;

import dev.kite.cli.mosq.PropertyFlags.Id;
import dev.kite.cli.mosq.PropertyFlags.Prop;
import dev.kite.mqtt.Authenticator;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.UserProperty;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The MQTT 5.0 side of kite pub and kite sub: -x and -D properties as kite-mqtt options. */
final class V5Options {
    private V5Options() {
    }

    /**
     * The first -D property kite-mqtt has no way to send, as "-D command identifier", or null:
     * authentication data without a method (the library sends data only for an authenticator).
     * It is parsed and checked as mosquitto does, then refused before connecting. The properties
     * the API has no call for go on the wire through {@link WireProperties}.
     */
    static String unsupported(ToolConfig cfg) {
        if (PropertyFlags.find(cfg.connectProps, Id.AUTHENTICATION_DATA) != null
                && PropertyFlags.find(cfg.connectProps, Id.AUTHENTICATION_METHOD) == null) {
            return "-D connect authentication-data without authentication-method";
        }
        return null;
    }

    /**
     * What libmosquitto refuses before connecting, as mosquitto's tools word it: will properties
     * (client_opts_set) or CONNECT properties (client_connect) without MQTT 5.0. Also a property
     * value kite-mqtt rejects (a response topic with a wildcard), in kite-mqtt's words. Else null.
     */
    static String invalid(ToolConfig cfg) {
        if (cfg.protocolVersion != 5) {
            if (cfg.willTopic != null && !cfg.willProps.isEmpty()) {
                return "Error: Problem setting will.\n";
            }
            if (!cfg.connectProps.isEmpty()) {
                return "Unable to connect (This feature is not supported.).\n";
            }
            return null;
        }
        try {
            message(cfg.willProps);
            message(cfg.publishProps);
        } catch (IllegalArgumentException e) {
            return "Error: " + e.getMessage() + ".\n";
        }
        return null;
    }

    static void apply(ToolConfig cfg, ClientOptions o) {
        List<UserProperty> users = new ArrayList<>();
        // without -x and -c mosquitto sends no interval: 0, which is also kite-mqtt's default
        // for a clean session; -c alone was turned into "never" by the parser
        o.setSessionExpiryInterval(Duration.ZERO);
        for (Prop p : cfg.connectProps) {
            switch (p.id()) {
                case SESSION_EXPIRY_INTERVAL -> o.setSessionExpiryInterval(Duration.ofSeconds(p.number()));
                case RECEIVE_MAXIMUM -> o.setReceiveMaximum((int) p.number());
                case TOPIC_ALIAS_MAXIMUM -> o.setTopicAliasMaximum((int) p.number());
                case MAXIMUM_PACKET_SIZE -> o.setMaxIncomingPacketSize(
                        (int) Math.min(p.number(), ClientOptions.MAX_PACKET_SIZE));
                case REQUEST_PROBLEM_INFORMATION -> o.setRequestProblemInformation(p.number() == 1);
                case REQUEST_RESPONSE_INFORMATION -> o.setRequestResponseInformation(p.number() == 1);
                case USER_PROPERTY -> users.add(new UserProperty(p.name(), p.value()));
                default -> { }
            }
        }
        o.setUserProperties(users);
        Prop method = PropertyFlags.find(cfg.connectProps, Id.AUTHENTICATION_METHOD);
        if (method != null) {
            Prop data = PropertyFlags.find(cfg.connectProps, Id.AUTHENTICATION_DATA);
            o.setAuthenticator(new Authenticator() {
                @Override
                public String method() {
                    return method.value();
                }

                @Override
                public byte[] initialData() {
                    return data == null ? null : data.value().getBytes(StandardCharsets.UTF_8);
                }

                // mosquitto's tools answer no AUTH challenge: the connection ends
                @Override
                public byte[] onChallenge(byte[] challenge) {
                    throw new IllegalStateException("kite pub and kite sub answer no authentication challenge");
                }
            });
        }
        if (cfg.willTopic != null && !cfg.willProps.isEmpty()) {
            o.setWillProperties(message(cfg.willProps));
        }
    }

    /** The publish (or will) properties of the command line. */
    static MessageProperties message(List<Prop> props) {
        if (props.isEmpty()) {
            return MessageProperties.NONE;
        }
        MessageProperties.Builder b = MessageProperties.builder();
        for (Prop p : props) {
            switch (p.id()) {
                case MESSAGE_EXPIRY_INTERVAL -> b.messageExpiry(Duration.ofSeconds(p.number()));
                case PAYLOAD_FORMAT_INDICATOR -> b.payloadFormatIndicator((int) p.number());
                case CONTENT_TYPE -> b.contentType(p.value());
                case RESPONSE_TOPIC -> b.responseTopic(p.value());
                case CORRELATION_DATA -> b.correlationData(p.value().getBytes(StandardCharsets.UTF_8));
                case USER_PROPERTY -> b.userProperty(p.name(), p.value());
                case WILL_DELAY_INTERVAL -> b.willDelay(Duration.ofSeconds(p.number()));
                default -> { }
            }
        }
        return b.build();
    }

    /** The subscription identifier of -D subscribe subscription-identifier, or 0 for none. */
    static int subscriptionIdentifier(ToolConfig cfg) {
        Prop p = PropertyFlags.find(cfg.subscribeProps, Id.SUBSCRIPTION_IDENTIFIER);
        return p == null ? 0 : (int) p.number();
    }

    /** mosquitto_reason_string. */
    static String reasonString(int code) {
        return ReasonCode.isDefined(code) ? ReasonCode.name(code) : "Unknown reason";
    }
}
