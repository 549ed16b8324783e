package dev.kite.spring.boot;

import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Connects the {@code MqttClient} bean when the application context starts and disconnects it
 * when the context stops.
 *
 * <p>Start-up calls {@code connect()} and waits for the connect token up to
 * {@code kite.mqtt.lifecycle.startup-timeout} (10 s by default; 0 does not wait):
 * <ul>
 * <li>connected in time: start-up goes on;
 * <li>the connect failed in time (no broker answered and {@code kite.mqtt.connect-retry} is off,
 *     or the broker refused): start-up fails with the cause;
 * <li>still trying when the time is up (with connect-retry a missing broker never fails the
 *     token): start-up goes on with a warning, and the client keeps trying in the background,
 *     unless {@code kite.mqtt.lifecycle.fail-on-startup-timeout=true}.
 * </ul>
 *
 * <p>Stop calls {@code disconnect(kite.mqtt.lifecycle.shutdown-quiesce)}. A stopped lifecycle
 * started again calls {@code connect()} on the same client, which needs a Kite whose clients
 * connect again after {@code disconnect()}; a Kite without it refuses with an
 * {@link IllegalStateException}. The phase is {@link #PHASE}: the client connects before a web
 * server starts taking requests and disconnects after it stopped, so requests can publish
 * through the whole of their life.
 *
 * @since 0.2
 */
public final class KiteClientLifecycle implements SmartLifecycle {
    /** The lifecycle phase: earlier than Spring Boot's web server ({@code DEFAULT_PHASE - 2048}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(KiteClientLifecycle.class);

    private final MqttClient client;
    private final KiteMqttProperties.Lifecycle settings;
    private volatile boolean running;

    /**
     * Creates the lifecycle of one client.
     *
     * @param client the client to connect and disconnect
     * @param settings {@code kite.mqtt.lifecycle.*}
     * @throws IllegalArgumentException if a timeout is negative
     */
    public KiteClientLifecycle(MqttClient client, KiteMqttProperties.Lifecycle settings) {
        this.client = client;
        this.settings = settings;
        requireNotNegative("startup-timeout", settings.getStartupTimeout());
        requireNotNegative("shutdown-quiesce", settings.getShutdownQuiesce());
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("kite.mqtt.lifecycle." + name + " " + value + ": must be 0 or more");
        }
    }

    /**
     * Connects the client, waiting as the class description says.
     *
     * @throws IllegalStateException if the connect failed within the start-up timeout, or did not
     *     complete in it while {@code fail-on-startup-timeout} is set
     */
    @Override
    public void start() {
        if (running) {
            return;
        }
        ConnectToken token = client.connect();
        running = true;
        Duration timeout = settings.getStartupTimeout();
        if (!timeout.isZero() && token.waitFor(timeout)) {
            Throwable error = token.error();
            if (error != null) {
                running = false;
                throw new IllegalStateException("kite.mqtt: could not connect to " + brokers() + ": "
                        + error.getMessage() + " (kite.mqtt.connect-retry=true starts without a broker)", error);
            }
            log.debug("connected to {} at start-up", brokers());
            return;
        }
        if (!timeout.isZero() && settings.isFailOnStartupTimeout()) {
            running = false;
            throw new IllegalStateException("kite.mqtt: not connected to " + brokers() + " within "
                    + "kite.mqtt.lifecycle.startup-timeout " + timeout + " (state " + client.state()
                    + ", kite.mqtt.lifecycle.fail-on-startup-timeout=true)");
        }
        if (!timeout.isZero()) {
            log.warn("not connected to {} within {} (state {}): start-up goes on and the client keeps trying",
                    brokers(), timeout, client.state());
        }
        token.toCompletableFuture().whenComplete((result, error) -> {
            if (error != null) {
                log.warn("connect to {} failed after start-up: {}", brokers(), error.toString());
            }
        });
    }

    private String brokers() {
        return client.optionsReader().brokers().toString();
    }

    /** Disconnects the client, letting in-flight messages complete for the quiesce time. */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        client.disconnect(settings.getShutdownQuiesce().toMillis());
    }

    /** Returns whether {@link #start()} ran and {@link #stop()} did not since. */
    @Override
    public boolean isRunning() {
        return running;
    }

    /** Returns {@code kite.mqtt.lifecycle.auto-startup}. */
    @Override
    public boolean isAutoStartup() {
        return settings.isAutoStartup();
    }

    /** Returns {@link #PHASE}. */
    @Override
    public int getPhase() {
        return PHASE;
    }
}
