package dev.kite.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kite.mqtt.store.MemoryStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientOptionsTest {
    private final ClientOptions opts = new ClientOptions();

    // ---- defaults (paho.mqtt.golang NewClientOptions)

    @Test
    void defaultsMatchPahoGolang() {
        assertThat(opts.brokers()).isEmpty();
        assertThat(opts.freeze().clientId()).isEmpty();
        assertThat(opts.freeze().username()).isNull();
        assertThat(opts.freeze().hasPassword()).isFalse();
        assertThat(opts.freeze().credentialsProvider()).isNull();
        assertThat(opts.freeze().cleanSession()).isTrue();
        assertThat(opts.freeze().orderMatters()).isTrue();
        assertThat(opts.freeze().willEnabled()).isFalse();
        assertThat(opts.freeze().willTopic()).isNull();
        assertThat(opts.freeze().willPayload()).isNull();
        assertThat(opts.freeze().willQos()).isZero();
        assertThat(opts.freeze().willRetained()).isFalse();
        assertThat(opts.freeze().protocolVersion()).isZero();
        assertThat(opts.freeze().tlsConfig()).isNull();
        assertThat(opts.freeze().keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(opts.freeze().pingTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(opts.freeze().connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(opts.freeze().maxReconnectInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(opts.freeze().autoReconnect()).isTrue();
        assertThat(opts.freeze().connectRetryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(opts.freeze().connectRetry()).isFalse();
        assertThat(opts.freeze().store()).isNull();
        assertThat(opts.freeze().defaultPublishHandler()).isNull();
        assertThat(opts.freeze().onConnectHandler()).isNull();
        assertThat(opts.freeze().connectionLostHandler()).isNull();
        assertThat(opts.freeze().reconnectingHandler()).isNull();
        assertThat(opts.freeze().connectionAttemptHandler()).isNull();
        assertThat(opts.freeze().writeTimeout()).isEqualTo(Duration.ZERO);
        assertThat(opts.freeze().messageChannelDepth()).isEqualTo(1000);
        assertThat(opts.freeze().resumeSubs()).isFalse();
        assertThat(opts.freeze().httpHeaders()).isEmpty();
        assertThat(opts.freeze().websocketOptions()).isNotNull();
        assertThat(opts.freeze().maxResumePubInFlight()).isZero();
        assertThat(opts.freeze().autoAckDisabled()).isFalse();
        assertThat(opts.freeze().messageChannelBytes()).isEqualTo(16L << 20);
        assertThat(opts.freeze().maxIncomingPacketSize()).isEqualTo(4 << 20);
        assertThat(opts.freeze().maxInflight()).isEqualTo(20);
    }

    // ---- chaining

    @Test
    void everySetterReturnsTheSameObject() {
        List<Function<ClientOptions, ClientOptions>> setters = List.of(
                o -> o.addBroker("tcp://h:1883"),
                o -> o.setClientId("c"),
                o -> o.setUsername("u"),
                o -> o.setPassword("p"),
                o -> o.setPassword("p".toCharArray()),
                o -> o.setPassword(new byte[] {1}),
                o -> o.setCredentialsProvider(null),
                o -> o.setCleanSession(false),
                o -> o.setOrderMatters(false),
                o -> o.setWill("w", "bye", 1, true),
                o -> o.setBinaryWill("w", new byte[] {1}, 2, false),
                o -> o.unsetWill(),
                o -> o.setProtocolVersion(4),
                o -> o.setTlsConfig(null),
                o -> o.setKeepAlive(Duration.ofSeconds(5)),
                o -> o.setPingTimeout(Duration.ofSeconds(5)),
                o -> o.setConnectTimeout(Duration.ofSeconds(5)),
                o -> o.setMaxReconnectInterval(Duration.ofSeconds(5)),
                o -> o.setAutoReconnect(false),
                o -> o.setConnectRetryInterval(Duration.ofSeconds(5)),
                o -> o.setConnectRetry(true),
                o -> o.setStore(new MemoryStore()),
                o -> o.setDefaultPublishHandler(null),
                o -> o.setOnConnectHandler(null),
                o -> o.setConnectionLostHandler(null),
                o -> o.setReconnectingHandler(null),
                o -> o.setConnectionAttemptHandler(null),
                o -> o.setWriteTimeout(Duration.ofSeconds(1)),
                o -> o.setMessageChannelDepth(5),
                o -> o.setMessageChannelBytes(5),
                o -> o.setResumeSubs(true),
                o -> o.setHttpHeaders(Map.of("X", List.of("y"))),
                o -> o.setWebsocketOptions(opts.freeze().websocketOptions()),
                o -> o.setMaxResumePubInFlight(3),
                o -> o.setAutoAckDisabled(true),
                o -> o.setMaxIncomingPacketSize(1024),
                o -> o.setMaxInflight(7));
        for (Function<ClientOptions, ClientOptions> setter : setters) {
            assertThat(setter.apply(opts)).isSameAs(opts);
        }
    }

    @Test
    void settersTakeEffect() {
        opts.setClientId("c").setCleanSession(false).setKeepAlive(Duration.ofSeconds(5)).setMaxInflight(7)
                .setWill("w/t", "bye", 1, true).setProtocolVersion(0x84);

        assertThat(opts.freeze().clientId()).isEqualTo("c");
        assertThat(opts.freeze().cleanSession()).isFalse();
        assertThat(opts.freeze().keepAlive()).isEqualTo(Duration.ofSeconds(5));
        assertThat(opts.freeze().maxInflight()).isEqualTo(7);
        assertThat(opts.freeze().willEnabled()).isTrue();
        assertThat(opts.freeze().willTopic()).isEqualTo("w/t");
        assertThat(opts.freeze().willPayload()).isEqualTo("bye".getBytes(StandardCharsets.UTF_8));
        assertThat(opts.freeze().willQos()).isEqualTo(1);
        assertThat(opts.freeze().willRetained()).isTrue();
        assertThat(opts.freeze().protocolVersion()).isEqualTo(0x84);

        opts.unsetWill();
        assertThat(opts.freeze().willEnabled()).isFalse();
    }

    @Test
    void emptyUsernameOrPasswordMeansNone() {
        opts.setUsername("").setPassword("");
        assertThat(opts.freeze().username()).isNull();
        assertThat(opts.freeze().hasPassword()).isFalse();
        opts.setPassword(new char[0]);
        assertThat(opts.freeze().hasPassword()).isFalse();
        opts.setPassword((byte[]) null);
        assertThat(opts.freeze().hasPassword()).isFalse();
    }

    // ---- bad values

    @Test
    void negativeDurationsAreRefusedNamingTheOption() {
        Duration neg = Duration.ofSeconds(-1);
        assertRefused(() -> opts.setKeepAlive(neg), "keepAlive");
        assertRefused(() -> opts.setPingTimeout(neg), "pingTimeout");
        assertRefused(() -> opts.setConnectTimeout(neg), "connectTimeout");
        assertRefused(() -> opts.setMaxReconnectInterval(neg), "maxReconnectInterval");
        assertRefused(() -> opts.setConnectRetryInterval(neg), "connectRetryInterval");
        assertRefused(() -> opts.setWriteTimeout(neg), "writeTimeout");
    }

    @Test
    void zeroIsRefusedWhereATimeoutMustBePositive() {
        assertRefused(() -> opts.setPingTimeout(Duration.ZERO), "pingTimeout");
        assertRefused(() -> opts.setConnectTimeout(Duration.ZERO), "connectTimeout");
        assertRefused(() -> opts.setMaxReconnectInterval(Duration.ZERO), "maxReconnectInterval");
        assertRefused(() -> opts.setConnectRetryInterval(Duration.ZERO), "connectRetryInterval");
    }

    @Test
    void zeroIsAcceptedWhereItMeansNone() {
        assertThat(opts.setKeepAlive(Duration.ZERO).freeze().keepAlive()).isZero();
        assertThat(opts.setWriteTimeout(Duration.ZERO).freeze().writeTimeout()).isZero();
    }

    @Test
    void keepAliveAbove65535SecondsIsRefused_MQTT_3_1_2_10() {
        assertThat(opts.setKeepAlive(Duration.ofSeconds(65_535)).freeze().keepAlive()).isEqualTo(Duration.ofSeconds(65_535));
        assertRefused(() -> opts.setKeepAlive(Duration.ofSeconds(65_536)), "keepAlive");
        assertRefused(() -> opts.setKeepAlive(Duration.ofSeconds(65_535).plusMillis(1)), "keepAlive");
        assertThat(opts.freeze().keepAlive()).isEqualTo(Duration.ofSeconds(65_535));
    }

    @ParameterizedTest
    @ValueSource(longs = {500, 1_500, 29_999})
    void keepAliveMustBeWholeSecondsBecauseConnectCarriesSeconds(long millis) {
        assertRefused(() -> opts.setKeepAlive(Duration.ofMillis(millis)), "keepAlive");
        assertThat(opts.freeze().keepAlive()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void nullDurationsAreRefused() {
        assertThatThrownBy(() -> opts.setKeepAlive(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("keepAlive");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 0, 2, 1, -1, 0x85, 0x80, 256})
    void otherProtocolVersionsAreRefused(int version) {
        assertRefused(() -> opts.setProtocolVersion(version), "protocol version " + version);
        assertThat(opts.freeze().protocolVersion()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 0x83, 0x84})
    void supportedProtocolVersionsAreAccepted(int version) {
        assertThat(opts.setProtocolVersion(version).freeze().protocolVersion()).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/+", "#", "a/#", "+"})
    void willWithAWildcardTopicIsRefused_MQTT_3_3_2_2(String topic) {
        assertThatThrownBy(() -> opts.setWill(topic, "bye", 0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(topic);
        assertThat(opts.freeze().willEnabled()).isFalse();
    }

    @Test
    void willWithAnEmptyTopicIsRefused() {
        assertThatThrownBy(() -> opts.setWill("", "bye", 0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, -1})
    void willWithABadQosIsRefused(int qos) {
        assertRefused(() -> opts.setWill("w", "bye", qos, false), "qos " + qos);
        assertRefused(() -> opts.setBinaryWill("w", new byte[0], qos, false), "qos " + qos);
        assertThat(opts.freeze().willEnabled()).isFalse();
    }

    @Test
    void binaryWillPayloadIsCopied() {
        byte[] payload = {1, 2, 3};
        opts.setBinaryWill("w", payload, 0, false);
        payload[0] = 9;
        assertThat(opts.freeze().willPayload()).containsExactly(1, 2, 3);
        opts.freeze().willPayload()[1] = 9;
        assertThat(opts.freeze().willPayload()).containsExactly(1, 2, 3);
    }

    @Test
    void messageChannelDepthMustBePositive() {
        assertRefused(() -> opts.setMessageChannelDepth(0), "messageChannelDepth");
        assertRefused(() -> opts.setMessageChannelDepth(-5), "messageChannelDepth");
        assertThat(opts.setMessageChannelDepth(1).freeze().messageChannelDepth()).isEqualTo(1);
    }

    @Test
    void maxInflightMustBeAValidWindow() {
        assertRefused(() -> opts.setMaxInflight(0), "maxInflight");
        assertRefused(() -> opts.setMaxInflight(65_536), "maxInflight");
        assertThat(opts.setMaxInflight(1).freeze().maxInflight()).isEqualTo(1);
        assertThat(opts.setMaxInflight(65_535).freeze().maxInflight()).isEqualTo(65_535);
    }

    @Test
    void messageChannelBytesMustBePositive() {
        assertRefused(() -> opts.setMessageChannelBytes(0), "messageChannelBytes");
        assertThat(opts.setMessageChannelBytes(1).freeze().messageChannelBytes()).isEqualTo(1);
    }

    @Test
    void maxIncomingPacketSizeMustFitAPacket() {
        assertRefused(() -> opts.setMaxIncomingPacketSize(1), "maxIncomingPacketSize");
        assertRefused(() -> opts.setMaxIncomingPacketSize(ClientOptions.MAX_PACKET_SIZE + 1), "maxIncomingPacketSize");
        assertThat(opts.setMaxIncomingPacketSize(2).freeze().maxIncomingPacketSize()).isEqualTo(2);
    }

    @Test
    void maxResumePubInFlightMustNotBeNegative() {
        assertRefused(() -> opts.setMaxResumePubInFlight(-1), "maxResumePubInFlight");
    }

    @Test
    void aRefusedValueLeavesTheOldOne() {
        opts.setMaxInflight(7);
        assertRefused(() -> opts.setMaxInflight(0), "maxInflight");
        assertThat(opts.freeze().maxInflight()).isEqualTo(7);
    }

    private static void assertRefused(Runnable setter, String optionName) {
        assertThatThrownBy(setter::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(optionName);
    }

    // ---- addBroker

    @ParameterizedTest
    @CsvSource({
        ":1883, tcp://127.0.0.1:1883",
        "localhost:1883, tcp://localhost:1883",
        "localhost, tcp://localhost:1883",
        "tcp://h, tcp://h:1883",
        "mqtt://h, mqtt://h:1883",
        "tcp://h:1884, tcp://h:1884",
        "ssl://h, ssl://h:8883",
        "tls://h, tls://h:8883",
        "mqtts://h, mqtts://h:8883",
        "tcps://h, tcps://h:8883",
        "ws://h, ws://h:80",
        "wss://h, wss://h:443",
        "ws://h/mqtt, ws://h:80/mqtt",
        "wss://h:8443/mqtt, wss://h:8443/mqtt",
        "unix:///tmp/s, unix:///tmp/s",
        "'  tcp://h:1  ', tcp://h:1",
    })
    void addBrokerParsesEveryForm(String given, String expected) {
        opts.addBroker(given);
        assertThat(opts.brokers()).containsExactly(URI.create(expected));
    }

    @Test
    void brokersKeepTheOrderTheyWereAdded() {
        opts.addBroker("tcp://a").addBroker("tcp://b").addBroker(":1");
        assertThat(opts.brokers()).extracting(URI::getHost).containsExactly("a", "b", "127.0.0.1");
    }

    @Test
    void unknownSchemeIsRefusedNamingTheSupportedOnes() {
        assertThatThrownBy(() -> opts.addBroker("foo://h:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("foo")
                .hasMessageContaining("tcp")
                .hasMessageContaining("ssl")
                .hasMessageContaining("wss")
                .hasMessageContaining("unix");
        assertThat(opts.brokers()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://", "tcp://:1883", "ssl://"})
    void brokerWithoutAHostIsRefused(String broker) {
        assertThatThrownBy(() -> opts.addBroker(broker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(broker);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://h:70000", "tcp://h:65536", "h:0", "ssl://h:0"})
    void portOutOfRangeIsRefused(String broker) {
        assertThatThrownBy(() -> opts.addBroker(broker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(broker)
                .hasMessageContaining("port");
    }

    @Test
    void highestPortIsAccepted() {
        assertThat(opts.addBroker("tcp://h:65535").brokers()).containsExactly(URI.create("tcp://h:65535"));
    }

    @Test
    void brokersAreHandedOutWithoutTheirUserInfo() {
        opts.addBroker("tcp://user:pw@h").addBroker("unix://user:pw@/run/mqtt.sock");
        assertThat(opts.brokers()).containsExactly(URI.create("tcp://h:1883"), URI.create("unix:///run/mqtt.sock"));
        assertThat(opts.toString()).contains("tcp://****@h:1883", "unix://****@/run/mqtt.sock").doesNotContain("pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "tcp://user:S3CRET@h:70000", // port out of range
        "foo://user:S3CRET@h", // unknown scheme
        "tcp://user:S3CRET@my_host:1883", // '_' is not a host name character: java.net.URI finds no host
        "tcp://user:S3CRET@h:1883/a b", // does not parse
        "unix://user:S3CRET@", // no path
        "tcp://user:S3CRET@h:1883:1", // does not parse
    })
    void aRefusedBrokerAddressIsRepeatedWithoutItsUserInfo(String broker) {
        Throwable error = catchThrowable(() -> opts.addBroker(broker));
        assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("****@");
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("S3CRET");
        }
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertThat(opts.addBroker("SSL://h").brokers()).containsExactly(URI.create("ssl://h:8883"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\t"})
    void blankBrokerIsRefused(String broker) {
        assertThatThrownBy(() -> opts.addBroker(broker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broker");
    }

    @Test
    void nullBrokerIsRefused() {
        assertThatThrownBy(() -> opts.addBroker(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unixSocketWithoutAPathIsRefused() {
        assertThatThrownBy(() -> opts.addBroker("unix://")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokersListCannotBeChangedFromOutside() {
        opts.addBroker("tcp://a");
        assertThatThrownBy(() -> opts.brokers().add(URI.create("tcp://b")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- toString and passwords

    @Test
    void toStringNeverShowsThePassword() {
        String secret = "s3cr3t-Pa55";
        assertThat(opts.setPassword(secret).toString()).doesNotContain(secret).contains("password=****");
        assertThat(opts.setPassword(secret.toCharArray()).toString()).doesNotContain(secret);
        assertThat(opts.setPassword(secret.getBytes(StandardCharsets.UTF_8)).toString()).doesNotContain(secret);
    }

    @Test
    void toStringNeverShowsAPasswordGivenInTheBrokerAddress() {
        opts.addBroker("tcp://user:s3cr3t-Pa55@broker.example:1883");

        assertThat(opts.toString()).doesNotContain("s3cr3t-Pa55").contains("broker.example:1883");
        try (MqttClient client = MqttClient.create(opts)) {
            assertThat(client.optionsReader().toString()).doesNotContain("s3cr3t-Pa55");
        }
    }

    @Test
    void passwordCharArrayIsCopiedSoTheCallerMayClearIt() {
        char[] pw = "secret".toCharArray();
        opts.setPassword(pw);
        java.util.Arrays.fill(pw, '\0');
        assertThat(opts.password()).isEqualTo("secret".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void passwordIsUtf8OfTheCharacters() {
        opts.setPassword("pässwörd");
        assertThat(opts.password()).isEqualTo("pässwörd".getBytes(StandardCharsets.UTF_8));
    }

    // ---- snapshot at create

    @Test
    void optionsReaderDoesNotSeeLaterChanges() {
        opts.addBroker("tcp://127.0.0.1:1").setClientId("one").setKeepAlive(Duration.ofSeconds(7))
                .setWill("w", "bye", 1, false).setPassword("pw").setHttpHeaders(Map.of("A", List.of("1")));
        try (MqttClient client = MqttClient.create(opts)) {
            ClientOptionsReader reader = client.optionsReader();

            opts.addBroker("tcp://other:2").setClientId("two").setKeepAlive(Duration.ofSeconds(9))
                    .setWill("x", "changed", 2, true).setPassword((String) null).setCleanSession(false)
                    .setHttpHeaders(Map.of("B", List.of("2"))).setMaxInflight(3);

            assertThat(reader.brokers()).containsExactly(URI.create("tcp://127.0.0.1:1"));
            assertThat(reader.clientId()).isEqualTo("one");
            assertThat(reader.keepAlive()).isEqualTo(Duration.ofSeconds(7));
            assertThat(reader.willTopic()).isEqualTo("w");
            assertThat(reader.willPayload()).isEqualTo("bye".getBytes(StandardCharsets.UTF_8));
            assertThat(reader.willQos()).isEqualTo(1);
            assertThat(reader.hasPassword()).isTrue();
            assertThat(reader.cleanSession()).isTrue();
            assertThat(reader.httpHeaders()).containsOnlyKeys("A");
            assertThat(reader.maxInflight()).isEqualTo(20);
        }
    }

    @Test
    void optionsReaderIsReadOnly() {
        opts.addBroker("tcp://127.0.0.1:1");
        try (MqttClient client = MqttClient.create(opts)) {
            ClientOptionsReader reader = client.optionsReader();
            assertThat(reader).isNotInstanceOf(ClientOptions.class);
            assertThatThrownBy(() -> reader.brokers().clear()).isInstanceOf(UnsupportedOperationException.class);
            reader.willPayload();
        }
    }

    @Test
    void createRefusesAnEmptyClientIdWithoutCleanSession_MQTT_3_1_3_7() {
        opts.addBroker("tcp://127.0.0.1:1").setClientId("").setCleanSession(false);

        assertThatThrownBy(() -> MqttClient.create(opts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientId")
                .hasMessageContaining("cleanSession");
    }

    @Test
    void createAcceptsAnEmptyClientIdWithCleanSession() {
        opts.addBroker("tcp://127.0.0.1:1").setClientId("");
        assertThatCode(() -> MqttClient.create(opts).close()).doesNotThrowAnyException();
    }

    @Test
    void executorThreadFactoryAndClientNameAreKeptAndABlankNameIsRefused() {
        java.util.concurrent.Executor executor = Runnable::run;
        java.util.concurrent.ThreadFactory factory = Thread::new;
        ClientOptions opts = new ClientOptions().setExecutor(executor).setThreadFactory(factory).setClientName("orders");
        assertThat(opts.executor()).isSameAs(executor);
        assertThat(opts.threadFactory()).isSameAs(factory);
        assertThat(opts.clientName()).isEqualTo("orders");
        assertThatThrownBy(() -> opts.setClientName(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientName ' ': must not be blank");
        assertThat(new ClientOptions().executor()).isNull();
    }
}
