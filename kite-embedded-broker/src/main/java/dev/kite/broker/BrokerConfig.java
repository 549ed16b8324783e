package dev.kite.broker;

/** Writes HiveMQ CE {@code config.xml} files for {@link EmbeddedBroker}. */
final class BrokerConfig {

    private BrokerConfig() {
    }

    /**
     * A configuration with a TCP listener on {@code 127.0.0.1:port}, an optional WebSocket listener,
     * in-memory persistence and anonymous usage statistics off (tests and demos must not phone home).
     *
     * @param port the TCP listener's port
     * @param webSocketPort the WebSocket listener's port, or a negative number for none
     * @param webSocketPath the WebSocket listener's path, for example {@code /mqtt}
     */
    static String xml(int port, int webSocketPort, String webSocketPath) {
        return xml(port, webSocketPort, webSocketPath, -1, null, null, "");
    }

    /**
     * As {@link #xml(int, int, String)}, plus an optional TLS WebSocket listener on the same path.
     *
     * @param tlsWebSocketPort the TLS WebSocket listener's port, or a negative number for none
     * @param keystore the listener's key store (PKCS#12 or JKS) with the server key and certificate
     * @param password the key store's and the key's password
     * @param mqtt an {@code <mqtt>} element with HiveMQ's MQTT settings, or the empty string for the defaults
     */
    static String xml(int port, int webSocketPort, String webSocketPath, int tlsWebSocketPort,
            java.nio.file.Path keystore, String password, String mqtt) {
        String tlsWebSocket = tlsWebSocketPort < 0 ? "" : """
                        <tls-websocket-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                            <path>%s</path>
                            <subprotocols>
                                <subprotocol>mqttv3.1</subprotocol>
                                <subprotocol>mqtt</subprotocol>
                            </subprotocols>
                            <allow-extensions>true</allow-extensions>
                            <tls>
                                <keystore>
                                    <path>%s</path>
                                    <password>%s</password>
                                    <private-key-password>%s</private-key-password>
                                </keystore>
                                <client-authentication-mode>NONE</client-authentication-mode>
                            </tls>
                        </tls-websocket-listener>
                """.formatted(tlsWebSocketPort, webSocketPath, keystore, password, password);
        String webSocket = webSocketPort < 0 ? "" : """
                        <websocket-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                            <path>%s</path>
                            <subprotocols>
                                <subprotocol>mqttv3.1</subprotocol>
                                <subprotocol>mqtt</subprotocol>
                            </subprotocols>
                            <allow-extensions>true</allow-extensions>
                        </websocket-listener>
                """.formatted(webSocketPort, webSocketPath);
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                %s%s    </listeners>
                %s
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, webSocket, tlsWebSocket, mqtt);
    }
}
