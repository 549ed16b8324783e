package dev.kite.cli.mosq;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.SubscribeToken;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code kite sub}: mosquitto_sub's behaviour after the command line is parsed. Subscribes on
 * every connect (as mosquitto_sub's connect callback does), prints each message, and stops on
 * {@code -C}, {@code -E}, {@code -W}, {@code --retained-only} or a signal.
 */
final class SubTool implements SignalExit.Stoppable {
    /** mosquitto's MOSQ_ERR_TIMEOUT, mosquitto_sub's exit code when -W expires. */
    static final int TIMED_OUT = 27;
    /** The longest wait for open acknowledgement flows at exit ({@link #stop} waits 10 s at most). */
    private static final long QUIESCE_MILLIS = 5000;

    private final ToolConfig cfg;
    private final ToolClient tc;
    private final Formatter formatter;
    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch exited = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<PublishToken> clears = new ConcurrentLinkedQueue<>();
    private volatile boolean processMessages = true;
    private volatile boolean timedOut;
    private volatile int exitCode;
    private int received;

    SubTool(ToolConfig cfg, ToolClient tc) {
        this.cfg = cfg;
        this.tc = tc;
        this.formatter = new Formatter(cfg);
    }

    int run() throws InterruptedException {
        MqttClient client = MqttClient.create(tc.options()
                .setAutoReconnect(true)
                .setDefaultPublishHandler(this::onMessage)
                .setOnConnectHandler(this::subscribe));
        int rc = tc.connect(client, false);
        if (rc != 0) {
            client.close();
            exited.countDown();
            return rc;
        }
        SignalExit.register(this);
        try {
            if (cfg.timeout > 0) {
                if (!done.await(cfg.timeout, TimeUnit.SECONDS)) {
                    timedOut = true;
                    processMessages = false;
                }
            } else {
                done.await();
            }
            for (PublishToken t : clears) {
                t.waitFor(java.time.Duration.ofSeconds(5));
            }
            // the quiesce lets the acknowledgement of every message printed complete (PUBREL and
            // PUBCOMP for QoS 2), so a persistent session does not send it again; mosquitto_sub
            // waits without a bound, this bounds a stuck broker. Milliseconds on a live one.
            client.disconnect(QUIESCE_MILLIS);
            if (timedOut) {
                tc.error("Timed out\n");
                exitCode = TIMED_OUT;
            }
            return exitCode;
        } finally {
            SignalExit.unregister(this);
            exited.countDown();
        }
    }

    private void subscribe(MqttClient client) {
        Map<String, Integer> filters = new LinkedHashMap<>();
        for (String t : cfg.topics) {
            filters.put(t, cfg.qos);
        }
        // no handler of its own: overlapping filters must not print a message twice; every
        // message goes to the default handler once, as the broker sent it
        SubscribeToken token;
        if (cfg.protocolVersion == 5) {
            // as mosquitto_subscribe_multiple: the options and -D subscribe properties on every filter;
            // -R is also "send retained messages never"
            int id = V5Options.subscriptionIdentifier(cfg);
            java.util.List<dev.kite.mqtt.Subscription> subs = new java.util.ArrayList<>();
            for (String t : filters.keySet()) {
                dev.kite.mqtt.Subscription s = dev.kite.mqtt.Subscription.of(t, cfg.qos)
                        .withRetainAsPublished(cfg.retainAsPublished)
                        .withRetainHandling(cfg.noRetain ? 2 : 0);
                subs.add(id > 0 ? s.withSubscriptionIdentifier(id) : s);
            }
            token = client.subscribe(subs, null);
        } else {
            token = client.subscribeMultiple(filters, null);
        }
        // -U's UNSUBSCRIBEs are queued before the SUBACK can be handled: with -E it ends the run
        // (mosquitto_sub sends both from its connect callback, before it reads the SUBACK)
        for (String t : cfg.unsubTopics) {
            client.unsubscribe(t);
        }
        token.toCompletableFuture().whenComplete((r, e) -> subscribed(token, e));
    }

    private void subscribed(SubscribeToken token, Throwable error) {
        if (error == null && cfg.debug && !cfg.quiet) {
            StringBuilder line = new StringBuilder("Subscribed (mid: ").append(tc.lastSubscribeMid).append("): ");
            Map<String, Integer> granted = token.result();
            List<String> order = cfg.topics;
            for (int i = 0; i < order.size(); i++) {
                Integer q = granted.get(order.get(i));
                line.append(i == 0 ? "" : ", ").append(q == null ? 128 : q);
            }
            tc.println(line.toString());
        }
        if (cfg.exitAfterSub) {
            finish();
        }
    }

    // my_message_callback of mosquitto_sub, in its order
    private void onMessage(MqttClient client, Message m) {
        if (!processMessages) {
            return;
        }
        if (cfg.retainedOnly && !m.retained()) {
            finish();
            return;
        }
        if (m.retained() && cfg.noRetain) {
            return;
        }
        for (String f : cfg.filterOuts) {
            if (Topics.matches(f, m.topic())) {
                return;
            }
        }
        if (cfg.removeRetained && m.retained()) {
            clears.add(client.publish(m.topic(), 1, true, new byte[0]));
        }
        if (cfg.randomFilter < 10000 && ThreadLocalRandom.current().nextInt(10000) >= cfg.randomFilter) {
            return;
        }
        byte[] text = formatter.render(m);
        if (text.length > 0) {
            tc.write(text);
        }
        if (cfg.msgCount > 0 && ++received == cfg.msgCount) {
            finish();
        }
    }

    private void finish() {
        processMessages = false;
        done.countDown();
    }

    @Override
    public int stop() {
        finish();
        try {
            exited.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exitCode;
    }
}
