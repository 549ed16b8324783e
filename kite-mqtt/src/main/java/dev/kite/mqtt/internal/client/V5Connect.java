package dev.kite.mqtt.internal.client;

import static dev.kite.mqtt.internal.packet.Property.AUTHENTICATION_DATA;
import static dev.kite.mqtt.internal.packet.Property.AUTHENTICATION_METHOD;
import static dev.kite.mqtt.internal.packet.Property.MAXIMUM_PACKET_SIZE;
import static dev.kite.mqtt.internal.packet.Property.RECEIVE_MAXIMUM;
import static dev.kite.mqtt.internal.packet.Property.REQUEST_PROBLEM_INFORMATION;
import static dev.kite.mqtt.internal.packet.Property.REQUEST_RESPONSE_INFORMATION;
import static dev.kite.mqtt.internal.packet.Property.SESSION_EXPIRY_INTERVAL;
import static dev.kite.mqtt.internal.packet.Property.TOPIC_ALIAS_MAXIMUM;

import dev.kite.mqtt.Authenticator;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Properties;

/**
 * What the options put into an MQTT 5.0 CONNECT (section 3.1.2.11) and into the AUTH packets of
 * enhanced authentication (section 4.12). Pure: options in, properties out. Values equal to the
 * protocol's defaults are left out, as brokers expect.
 */
final class V5Connect {
    private V5Connect() {
    }

    /** Returns the properties of a CONNECT under the given options. */
    static Properties properties(ClientConfig config) {
        Properties.Builder b = Properties.builder();
        long expiry = config.sessionExpiry();
        if (expiry != 0) {
            b.number(SESSION_EXPIRY_INTERVAL, expiry);
        }
        if (config.receiveMaximum() != 65_535) {
            b.number(RECEIVE_MAXIMUM, config.receiveMaximum());
        }
        b.number(MAXIMUM_PACKET_SIZE, maximumPacketSize(config.maxIncomingPacketSize()));
        if (config.topicAliasMaximum() != 0) {
            b.number(TOPIC_ALIAS_MAXIMUM, config.topicAliasMaximum());
        }
        if (config.requestResponseInformation()) {
            b.number(REQUEST_RESPONSE_INFORMATION, 1);
        }
        if (!config.requestProblemInformation()) {
            b.number(REQUEST_PROBLEM_INFORMATION, 0);
        }
        Authenticator a = config.authenticator();
        if (a != null) {
            b.string(AUTHENTICATION_METHOD, a.method());
            byte[] data = a.initialData();
            if (data != null) {
                b.binary(AUTHENTICATION_DATA, data.clone());
            }
        }
        return b.userProperties(config.userProperties()).build();
    }

    /**
     * Returns the Maximum Packet Size to announce for a bound on the remaining length: the option
     * {@code maxIncomingPacketSize} bounds the bytes after the fixed header, while the property
     * counts the whole packet (section 3.1.2.11.4). Announcing the bound plus its fixed header
     * lets the broker send every packet the decoder accepts, and none that it refuses.
     *
     * @param maxRemainingLength the decoder's bound, 0 to 268,435,455
     * @return the whole packet size, at most 268,435,460
     */
    static long maximumPacketSize(int maxRemainingLength) {
        int lengthBytes = maxRemainingLength < 128 ? 1 : maxRemainingLength < 16_384 ? 2
                : maxRemainingLength < 2_097_152 ? 3 : 4;
        return 1L + lengthBytes + maxRemainingLength;
    }

    /**
     * Returns the client's AUTH answering a challenge: reason code 0x18 (continue
     * authentication), the method and the authenticator's data [MQTT-4.12.0-2].
     *
     * @param method the authentication method, the one the CONNECT named
     * @param data the data, or null for none
     */
    static Auth answer(String method, byte[] data) {
        Properties.Builder b = Properties.builder().string(AUTHENTICATION_METHOD, method);
        if (data != null) {
            b.binary(AUTHENTICATION_DATA, data);
        }
        return new Auth(0x18, b.build());
    }
}
