package dev.kite.mqtt.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.SubscribeToken;
import dev.kite.mqtt.Subscription;
import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.testing.Recorder;
import dev.kite.testing.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MQTT 5.0 publish and subscribe through Mosquitto: properties, subscription options, reason codes, limits. */
class V5PubSubIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static MosquittoBroker broker;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static MqttClient connected(String uri, String id, UnaryOperator<ClientOptions> more) {
        MqttClient c = MqttClient.create(more.apply(new ClientOptions().addBroker(uri).setClientId(id).setProtocolVersion(5)));
        ConnectToken t = c.connect();
        assertThat(t.waitFor(WAIT)).isTrue();
        assertThat(t.error()).isNull();
        return c;
    }

    private static MqttClient connected(String id) {
        return connected(broker.uri(), id, o -> o);
    }

    /** Publishes a marker and waits for it: what the broker sent before it on this connection has arrived. */
    private static void sync(MqttClient c, String topic) {
        Recorder marker = new Recorder();
        c.subscribe(topic, 1, marker).await();
        c.publish(topic, 1, false, "marker").await();
        marker.awaitCount(1, WAIT);
    }

    @Test
    void propertiesTravelFromPublisherToSubscriber() {
        MessageProperties sent = MessageProperties.builder()
                .userProperty("a", "1").userProperty("a", "2").userProperty("b", "3")
                .contentType("application/json")
                .responseTopic("kite/v5/reply")
                .correlationData(new byte[] {1, 2, 3})
                .messageExpiry(Duration.ofSeconds(120))
                .payloadFormatUtf8(true)
                .build();
        Recorder rec = new Recorder();
        try (MqttClient sub = connected("v5-props-sub"); MqttClient pub = connected("v5-props-pub")) {
            sub.subscribe("kite/v5/props", 1, rec).await();
            PublishToken t = pub.publish("kite/v5/props", 1, false, "{\"x\":1}".getBytes(UTF_8), sent);
            t.await();
            assertThat(t.reasonCode()).isZero();

            MessageProperties got = rec.awaitCount(1, WAIT).get(0).properties();
            assertThat(got.userProperties()).containsExactly(new UserProperty("a", "1"), new UserProperty("a", "2"),
                    new UserProperty("b", "3"));
            assertThat(got.contentType()).contains("application/json");
            assertThat(got.responseTopic()).contains("kite/v5/reply");
            assertThat(got.correlationData()).hasValueSatisfying(d -> assertThat(d).containsExactly(1, 2, 3));
            assertThat(got.payloadFormatUtf8()).isTrue();
            // the broker sends what is left of the expiry
            assertThat(got.messageExpiry()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(100),
                    Duration.ofSeconds(120)));
            assertThat(got.subscriptionIdentifiers()).isEmpty();
        }
    }

    @Test
    void aMessageWithoutPropertiesHasNone() {
        Recorder rec = new Recorder();
        try (MqttClient c = connected("v5-none")) {
            c.subscribe("kite/v5/none", 0, rec).await();
            c.publish("kite/v5/none", 0, false, "x");
            assertThat(rec.awaitCount(1, WAIT).get(0).properties()).isEqualTo(MessageProperties.NONE);
        }
    }

    @Test
    void noLocalLeavesOutTheClientsOwnMessages() {
        Recorder rec = new Recorder();
        try (MqttClient c = connected("v5-nolocal"); MqttClient other = connected("v5-nolocal-other")) {
            c.subscribe(List.of(Subscription.of("kite/v5/nolocal", 1).withNoLocal(true)), rec).await();
            c.publish("kite/v5/nolocal", 1, false, "own").await();
            other.publish("kite/v5/nolocal", 1, false, "other").await();
            rec.awaitCount(1, WAIT);
            sync(c, "kite/v5/nolocal-marker");
            assertThat(rec.payloads()).containsExactly("other");
        }
    }

    @Test
    void retainHandlingSendsRetainedMessagesAlwaysOnlyForNewSubscriptionsOrNever() {
        String topic = "kite/v5/rh";
        try (MqttClient pub = connected("v5-rh-pub"); MqttClient c = connected("v5-rh")) {
            pub.publish(topic, 1, true, "kept").await();
            try {
                Recorder always = new Recorder();
                c.subscribe(List.of(Subscription.of(topic, 1).withRetainHandling(0)), always).await();
                c.subscribe(List.of(Subscription.of(topic, 1).withRetainHandling(0)), always).await();
                sync(c, "kite/v5/rh-marker0");
                assertThat(always.payloads()).containsExactly("kept", "kept");
                c.unsubscribe(topic).await();

                Recorder ifNew = new Recorder();
                c.subscribe(List.of(Subscription.of(topic, 1).withRetainHandling(1)), ifNew).await();
                c.subscribe(List.of(Subscription.of(topic, 1).withRetainHandling(1)), ifNew).await();
                sync(c, "kite/v5/rh-marker1");
                assertThat(ifNew.payloads()).containsExactly("kept");
                c.unsubscribe(topic).await();

                Recorder never = new Recorder();
                c.subscribe(List.of(Subscription.of(topic, 1).withRetainHandling(2)), never).await();
                sync(c, "kite/v5/rh-marker2");
                assertThat(never.payloads()).isEmpty();
            } finally {
                pub.publish(topic, 1, true, new byte[0]).await();
            }
        }
    }

    @Test
    void retainAsPublishedKeepsTheRetainFlagOfLiveMessages() {
        String topic = "kite/v5/rap";
        Recorder kept = new Recorder();
        Recorder cleared = new Recorder();
        try (MqttClient a = connected("v5-rap-a"); MqttClient b = connected("v5-rap-b"); MqttClient pub = connected("v5-rap-p")) {
            a.subscribe(List.of(Subscription.of(topic, 1).withRetainAsPublished(true)), kept).await();
            b.subscribe(List.of(Subscription.of(topic, 1)), cleared).await();
            try {
                pub.publish(topic, 1, true, "live").await();
                assertThat(kept.awaitCount(1, WAIT).get(0).retained()).isTrue();
                assertThat(cleared.awaitCount(1, WAIT).get(0).retained()).isFalse();
            } finally {
                pub.publish(topic, 1, true, new byte[0]).await();
            }
        }
    }

    @Test
    void subscriptionIdentifiersComeBackAndRouteEachCopyToItsOwnHandler() {
        Recorder wide = new Recorder();
        Recorder narrow = new Recorder();
        try (MqttClient c = connected("v5-subid")) {
            c.subscribe(List.of(Subscription.of("kite/v5/id/#", 1).withSubscriptionIdentifier(11)), wide).await();
            c.subscribe(List.of(Subscription.of("kite/v5/id/a", 1).withSubscriptionIdentifier(12)), narrow).await();
            c.publish("kite/v5/id/a", 1, false, "both").await();
            c.publish("kite/v5/id/b", 1, false, "wide only").await();
            wide.awaitCount(2, WAIT);
            narrow.awaitCount(1, WAIT);
            sync(c, "kite/v5/id-marker");

            assertThat(wide.payloads()).containsExactly("both", "wide only");
            assertThat(wide.messages()).allSatisfy(m -> assertThat(m.properties().subscriptionIdentifiers()).contains(11));
            assertThat(narrow.payloads()).containsExactly("both");
            assertThat(narrow.messages().get(0).properties().subscriptionIdentifiers()).contains(12);
        }
    }

    @Test
    void aSharedSubscriptionSpreadsMessagesOverItsMembers() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        try (MqttClient a = connected("v5-share-a"); MqttClient b = connected("v5-share-b");
             MqttClient pub = connected("v5-share-p")) {
            SubscribeToken ta = a.subscribe(List.of(Subscription.of("$share/g/kite/v5/shared", 1)), first);
            SubscribeToken tb = b.subscribe(List.of(Subscription.of("$share/g/kite/v5/shared", 1)), second);
            ta.await();
            tb.await();
            assertThat(ta.result()).containsEntry("$share/g/kite/v5/shared", 1);
            for (int i = 0; i < 20; i++) {
                pub.publish("kite/v5/shared", 1, false, "m" + i).await();
            }
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> first.count() + second.count() >= 20);
            assertThat(first.count() + second.count()).isEqualTo(20);
            assertThat(first.count()).isPositive();
            assertThat(second.count()).isPositive();
        }
    }

    @Test
    void puback0x10WithoutSubscribersIsASuccess() {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MqttClient c = connected(broker.uri(), "v5-nomatch", o -> o.setPacketListener((direction, description) -> {
            if (direction == PacketListener.Direction.RECEIVED) {
                received.add(description);
            }
        }))) {
            PublishToken q1 = c.publish("kite/v5/nobody/listens", 1, false, "x".getBytes(UTF_8), MessageProperties.NONE);
            PublishToken q2 = c.publish("kite/v5/nobody/listens", 2, false, "x".getBytes(UTF_8), MessageProperties.NONE);
            q1.await();
            q2.await();
            assertThat(q1.error()).isNull();
            assertThat(q1.reasonCode()).isEqualTo(0x10);
            assertThat(received).contains("PUBACK (Mid: " + q1.messageId() + ", RC:16)");
            // Mosquitto 2.0.11 (measured) says 0x10 in PUBACK only; its PUBREC carries 0 either way
            assertThat(q2.error()).isNull();
            assertThat(q2.reasonCode()).isIn(0, 0x10);
        }
    }

    @Test
    void aRequestIsAnsweredThroughItsResponseTopicAndCorrelationData() throws Exception {
        try (MqttClient responder = connected("v5-responder"); MqttClient requester = connected("v5-requester")) {
            responder.subscribe("kite/v5/service", 1, (client, req) -> client.publish(
                    req.properties().responseTopic().orElseThrow(), 1, false,
                    ("re: " + new String(req.payload(), UTF_8)).getBytes(UTF_8),
                    MessageProperties.builder().correlationData(req.properties().correlationData().orElseThrow()).build()))
                    .await();
            java.util.concurrent.CompletableFuture<Message> first = requester.request("kite/v5/service",
                    "one".getBytes(UTF_8), 1, WAIT);
            java.util.concurrent.CompletableFuture<Message> second = requester.request("kite/v5/service",
                    "two".getBytes(UTF_8), 1, WAIT);
            assertThat(new String(first.get(20, java.util.concurrent.TimeUnit.SECONDS).payload(), UTF_8)).isEqualTo("re: one");
            assertThat(new String(second.get(20, java.util.concurrent.TimeUnit.SECONDS).payload(), UTF_8)).isEqualTo("re: two");

            java.util.concurrent.CompletableFuture<Message> unanswered = requester.request("kite/v5/nobody",
                    new byte[0], 1, Duration.ofMillis(300));
            assertThatThrownBy(() -> unanswered.get(20, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        }
    }

    @Test
    void refusalsOfTheDynamicSecurityPluginFailTokensWithTheirReasonCodes() throws Exception {
        Path plugin = Path.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so");
        Assumptions.assumeTrue(Files.exists(plugin), "Mosquitto's dynamic security plugin is not installed");
        Path json = Files.createTempDirectory("kite-dynsec").resolve("dynamic-security.json");
        run("mosquitto_ctrl", "dynsec", "init", json.toString(), "admin", "secret");
        MosquittoBroker secured = MosquittoBroker.builder().config("plugin " + plugin)
                .config("plugin_opt_config_file " + json).start();
        try (secured) {
            // alice may subscribe to kite/v5/ok and nothing else, and publish nowhere (dynsec's default ACL)
            String[] ctrl = {"mosquitto_ctrl", "-p", String.valueOf(secured.port()), "-u", "admin", "-P", "secret", "dynsec"};
            run(ctrl, "createClient", "alice", "-p", "alicepw");
            run(ctrl, "createRole", "ok");
            run(ctrl, "addRoleACL", "ok", "subscribePattern", "kite/v5/ok", "allow");
            run(ctrl, "addClientRole", "alice", "ok");
            try (MqttClient c = connected(secured.uri(), "v5-dynsec", o -> o.setUsername("alice").setPassword("alicepw"))) {
                for (int qos = 1; qos <= 2; qos++) {
                    PublishToken denied = c.publish("kite/v5/denied", qos, false, "x".getBytes(UTF_8), MessageProperties.NONE);
                    assertThat(denied.waitFor(WAIT)).isTrue();
                    assertThat(denied.error()).isInstanceOf(MqttServerException.class).hasMessageContaining("0x87");
                    assertThat(((MqttServerException) denied.error()).code()).isEqualTo(0x87);
                    assertThat(denied.reasonCode()).isEqualTo(0x87);
                }

                SubscribeToken refused = c.subscribe(List.of(Subscription.of("kite/v5/denied", 1)), null);
                assertThat(refused.waitFor(WAIT)).isTrue();
                assertThat(refused.error()).isInstanceOf(MqttServerException.class);
                assertThat(((MqttServerException) refused.error()).code()).isEqualTo(0x87);
                assertThat(refused.result()).containsEntry("kite/v5/denied", 0x87);

                SubscribeToken partly = c.subscribe(List.of(Subscription.of("kite/v5/ok", 1),
                        Subscription.of("kite/v5/denied", 1)), null);
                partly.await();
                assertThat(partly.error()).isNull();
                assertThat(partly.result()).containsEntry("kite/v5/ok", 1).containsEntry("kite/v5/denied", 0x87);
                assertThat(c.isConnected()).isTrue();
            }
        }
    }

    private static void run(String[] prefix, String... args) throws Exception {
        String[] all = java.util.Arrays.copyOf(prefix, prefix.length + args.length);
        System.arraycopy(args, 0, all, prefix.length, args.length);
        run(all);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    @Test
    void outboundTopicAliasesShortenRepeatedTopicsAndMessagesArriveWhole() {
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        PacketListener listener = (direction, description) -> {
            if (direction == PacketListener.Direction.SENT && description.startsWith("PUBLISH")) {
                sent.add(description);
            }
        };
        Recorder rec = new Recorder();
        // Mosquitto's max_topic_alias is 10 by default
        try (MqttClient sub = connected("v5-alias-sub");
             MqttClient pub = connected(broker.uri(), "v5-alias-pub",
                     o -> o.setOutboundTopicAliases(true).setPacketListener(listener))) {
            sub.subscribe("kite/v5/alias/#", 1, rec).await();
            for (int i = 0; i < 5; i++) {
                pub.publish("kite/v5/alias/a", 1, false, ("a" + i).getBytes(UTF_8), MessageProperties.NONE).await();
                pub.publish("kite/v5/alias/b", 1, false, ("b" + i).getBytes(UTF_8), MessageProperties.NONE).await();
            }
            rec.awaitCount(10, WAIT);
            assertThat(rec.messages()).extracting(m -> m.topic() + "=" + new String(m.payload(), UTF_8))
                    .containsExactly("kite/v5/alias/a=a0", "kite/v5/alias/b=b0", "kite/v5/alias/a=a1", "kite/v5/alias/b=b1",
                            "kite/v5/alias/a=a2", "kite/v5/alias/b=b2", "kite/v5/alias/a=a3", "kite/v5/alias/b=b3",
                            "kite/v5/alias/a=a4", "kite/v5/alias/b=b4");
            assertThat(sent).hasSize(10);
            assertThat(sent.subList(0, 2)).allSatisfy(d -> assertThat(d).contains("'kite/v5/alias/"));
            assertThat(sent.subList(2, 10)).allSatisfy(d -> assertThat(d).contains("'(null)'"));
        }
    }

    @Test
    void propertiesUnder311AreRefusedAtTheCall() {
        MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("v5-311"));
        try (c) {
            c.connect().await();
            MessageProperties props = MessageProperties.builder().contentType("text/plain").build();
            assertThatThrownBy(() -> c.publish("kite/v5/311", 1, false, new byte[0], props))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only in MQTT 5.0");
            assertThatThrownBy(() -> c.subscribe(List.of(Subscription.of("kite/v5/311", 1).withNoLocal(true)), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only in MQTT 5.0");
            c.publish("kite/v5/311", 1, false, new byte[0], MessageProperties.NONE).await();
        }
    }

    @Test
    void theBrokersReceiveMaximumBoundsTheInFlightPublishesOfABurst() {
        MosquittoBroker limited = MosquittoBroker.builder().config("max_inflight_messages 5").start();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        PacketListener counter = (direction, description) -> {
            if (direction == PacketListener.Direction.SENT && description.startsWith("PUBLISH (d0, q1")) {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            } else if (direction == PacketListener.Direction.RECEIVED && description.startsWith("PUBACK")) {
                inFlight.decrementAndGet();
            }
        };
        Recorder rec = new Recorder();
        try (limited;
             MqttClient sub = connected(limited.uri(), "v5-flow-sub", o -> o);
             MqttClient pub = connected(limited.uri(), "v5-flow-pub", o -> o.setPacketListener(counter).setMaxInflight(1000)
                     .setMaxQueuedMessages(20_000).setConnectionLostHandler((client, cause) -> lost.incrementAndGet()))) {
            sub.subscribe("kite/v5/flow", 1, rec).await();
            List<PublishToken> tokens = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                tokens.add(pub.publish("kite/v5/flow", 1, false, ("m" + i).getBytes(UTF_8), MessageProperties.NONE));
            }
            for (PublishToken t : tokens) {
                t.await();
            }
            rec.awaitCount(10_000, Duration.ofSeconds(60));
            assertThat(maxInFlight.get()).isBetween(1, 5);
            assertThat(lost.get()).isZero();
            assertThat(pub.stats().reconnects()).isZero();
            assertThat(rec.payloads()).hasSize(10_000).startsWith("m0", "m1").endsWith("m9999");
        }
    }

    @Test
    void aBrokerThatSendsBeyondTheClientsReceiveMaximumIsNotCutOff() {
        // Mosquitto 2.0.11 (measured) does not keep the Receive Maximum a client announces
        AtomicInteger lost = new AtomicInteger();
        Recorder rec = new Recorder();
        try (MqttClient sub = connected(broker.uri(), "v5-rm-sub", o -> o.setReceiveMaximum(2)
                     .setConnectionLostHandler((client, cause) -> lost.incrementAndGet()));
             MqttClient pub = connected("v5-rm-pub")) {
            sub.subscribe("kite/v5/rm", 1, rec).await();
            List<PublishToken> tokens = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                tokens.add(pub.publish("kite/v5/rm", 1, false, ("m" + i).getBytes(UTF_8), MessageProperties.NONE));
            }
            tokens.forEach(PublishToken::await);
            rec.awaitCount(500, WAIT);
            assertThat(rec.count()).isEqualTo(500);
            assertThat(lost.get()).isZero();
            assertThat(sub.stats().reconnects()).isZero();
        }
    }

    @Test
    void aPublishOverTheBrokersMaximumPacketSizeFailsLocallyAndTheConnectionStaysUp() {
        MosquittoBroker limited = MosquittoBroker.builder().config("max_packet_size 1000").start();
        AtomicInteger lost = new AtomicInteger();
        try (limited; MqttClient c = connected(limited.uri(), "v5-maxsize",
                o -> o.setConnectionLostHandler((client, cause) -> lost.incrementAndGet()))) {
            for (int qos = 0; qos <= 2; qos++) {
                PublishToken big = c.publish("kite/v5/big", qos, false, new byte[2000], MessageProperties.NONE);
                assertThat(big.waitFor(WAIT)).isTrue();
                assertThat(big.error()).isInstanceOf(MqttClientException.class).hasMessageContaining("Maximum Packet Size");
            }
            Recorder rec = new Recorder();
            c.subscribe("kite/v5/big", 1, rec).await();
            c.publish("kite/v5/big", 1, false, new byte[500]).await();
            assertThat(rec.awaitCount(1, WAIT).get(0).payload()).hasSize(500);
            assertThat(c.isConnected()).isTrue();
            assertThat(lost.get()).isZero();
        }
    }
}
