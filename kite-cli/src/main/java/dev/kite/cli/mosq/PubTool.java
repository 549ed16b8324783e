package dev.kite.cli.mosq;

import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.PublishToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** {@code kite pub}: mosquitto_pub's behaviour after the command line is parsed. */
final class PubTool {
    private final ToolConfig cfg;
    private final ToolClient tc;
    private final InputStream in;
    /** Completed when the broker ends the connection (kite pub never reconnects). */
    private final CompletableFuture<Throwable> lost = new CompletableFuture<>();

    PubTool(ToolConfig cfg, ToolClient tc, InputStream in) {
        this.cfg = cfg;
        this.tc = tc;
        this.in = in;
    }

    int run() throws InterruptedException {
        MqttClient client = MqttClient.create(tc.options().setAutoReconnect(false)
                .setConnectionLostHandler((c, cause) -> lost.complete(cause)));
        int rc = tc.connect(client, true);
        if (rc != 0) {
            client.close();
            return rc;
        }
        try {
            if (cfg.mode == ToolConfig.Mode.STDIN_LINE) {
                return lines(client);
            }
            byte[] payload = cfg.mode == ToolConfig.Mode.NULL ? new byte[0] : cfg.message;
            for (int i = 0; i < cfg.repeatCount; i++) {
                if (i > 0 && cfg.repeatDelayMicros > 0) {
                    TimeUnit.MICROSECONDS.sleep(cfg.repeatDelayMicros);
                }
                PublishToken token = publish(client, payload);
                if (!completes(token)) {
                    return notConnected();
                }
                if (failed(token)) {
                    return 1;
                }
            }
            return 0;
        } finally {
            client.disconnect(1000);
        }
    }

    /**
     * Whether a completed publish ends kite pub: a publish the 5.0 broker refused with a reason
     * code (PUBACK or PUBREC 0x80 and above) does not; mosquitto_pub warns and goes on, exit 0.
     */
    private boolean failed(PublishToken t) {
        if (t.error() == null) {
            return false;
        }
        if (refusedByBroker(t)) {
            MqttServerException e = (MqttServerException) t.error();
            tc.error("Warning: Publish " + t.messageId() + " failed: " + V5Options.reasonString(e.code()) + ".\n");
            e.reasonString().ifPresent(r -> tc.error(r + "\n"));
            return false;
        }
        tc.error("Error: " + t.error().getMessage() + "\n");
        return true;
    }

    private boolean refusedByBroker(PublishToken t) {
        return cfg.protocolVersion == 5 && t.error() instanceof MqttServerException e && e.code() >= 0x80;
    }

    private PublishToken publish(MqttClient client, byte[] payload) {
        if (cfg.protocolVersion == 5 && !cfg.publishProps.isEmpty()) {
            return client.publish(cfg.topic, cfg.qos, cfg.retain, payload, V5Options.message(cfg.publishProps));
        }
        return client.publish(cfg.topic, cfg.qos, cfg.retain, payload);
    }

    // -l: one message per line, without its '\n'; a last line without '\n' is sent as it is
    private int lines(MqttClient client) {
        List<PublishToken> tokens = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            boolean pending = false;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    tokens.add(publish(client, line.toByteArray()));
                    line.reset();
                    pending = false;
                } else {
                    line.write(b);
                    pending = true;
                }
                if (tokens.size() > 1000) {
                    if (!tokens.stream().allMatch(this::completes)) {
                        return notConnected();
                    }
                    tokens.removeIf(t -> t.error() == null || refusedByBroker(t) && !failed(t));
                }
            }
            if (pending) {
                tokens.add(publish(client, line.toByteArray()));
            }
        } catch (IOException e) {
            tc.error("Error: " + e.getMessage() + "\n");
            return 1;
        }
        for (PublishToken t : tokens) {
            if (!completes(t)) {
                return notConnected();
            }
            if (failed(t)) {
                return 1;
            }
        }
        return 0;
    }

    /**
     * Waits for a publish to complete; false if the connection is lost first: kite pub makes no
     * reconnect, so kite-mqtt either fails a clean session's open publish with an
     * {@link MqttConnectionException} or keeps a persistent session's for a next connect.
     */
    private boolean completes(PublishToken t) {
        try {
            CompletableFuture.anyOf(t.toCompletableFuture(), lost).handle((r, e) -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return t.isDone() && !(t.error() instanceof MqttConnectionException);
    }

    /** mosquitto_pub when the broker ends the connection with messages unacknowledged: MOSQ_ERR_NO_CONN. */
    private int notConnected() {
        tc.error("Error: The client is not currently connected.\n");
        return 4;
    }

    /** mosquitto's MQTT_MAX_PAYLOAD: the largest remaining length a packet can declare. */
    static final int MAX_PAYLOAD = 268_435_455;

    /** Loads -f and -s input before connecting; returns false after reporting a failure. */
    static boolean load(ToolConfig cfg, ToolClient tc, InputStream in) {
        if (cfg.mode == ToolConfig.Mode.STDIN_FILE) {
            byte[] read;
            try {
                read = readAtMost(in, MAX_PAYLOAD);
            } catch (IOException e) {
                read = new byte[0];
            } catch (OutOfMemoryError e) {
                return outOfMemory(tc, "Error loading input from stdin.\n");
            }
            if (read == null) {
                tc.error("Error: Message length must be less than " + MAX_PAYLOAD + " bytes.\n\n");
                tc.error("Error loading input from stdin.\n");
                return false;
            }
            cfg.message = read;
            if (cfg.message.length == 0) {
                tc.error("Error: Zero length input.\n");
                tc.error("Error loading input from stdin.\n");
                return false;
            }
        } else if (cfg.mode == ToolConfig.Mode.FILE) {
            String loading = "Error loading input file \"" + cfg.file + "\".\n";
            byte[] read;
            try {
                read = readFile(Path.of(cfg.file));
            } catch (IOException | RuntimeException e) {
                tc.error("Error: Unable to open file \"" + cfg.file + "\".\n");
                tc.error(loading);
                return false;
            } catch (OutOfMemoryError e) {
                return outOfMemory(tc, loading);
            }
            if (read == null) {
                tc.error("Error: File must be less than " + MAX_PAYLOAD + " bytes.\n\n");
                tc.error(loading);
                return false;
            }
            cfg.message = read;
        }
        return true;
    }

    /** Reads a file of at most {@link #MAX_PAYLOAD} bytes; null if it is bigger. */
    private static byte[] readFile(Path path) throws IOException {
        try (InputStream file = Files.newInputStream(path)) {
            // a regular file says its size, as mosquitto's fseek/ftell finds it: too big is
            // refused before a byte is read. Anything else (a device, a pipe) is read and
            // counted, never past the limit: -f /dev/zero ends.
            if (Files.isRegularFile(path) && Files.size(path) > MAX_PAYLOAD) {
                return null;
            }
            return readAtMost(file, MAX_PAYLOAD);
        }
    }

    // mosquitto_pub's answer when its buffer cannot grow; the chunks read so far are garbage now
    private static boolean outOfMemory(ToolClient tc, String loading) {
        tc.error("Error: Out of memory.\n");
        tc.error(loading);
        return false;
    }

    /**
     * Reads a stream to its end if it holds at most {@code max} bytes; returns null, having read
     * {@code max + 1} bytes and no more, if it holds more.
     */
    static byte[] readAtMost(InputStream in, int max) throws IOException {
        // chunks that grow as the input does: a small input costs little, a large one is not
        // copied again at each doubling, and only the end result is one array
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        int size = 8192;
        while (true) {
            int want = (int) Math.min(size, (long) max + 1 - total);
            byte[] chunk = in.readNBytes(want);
            chunks.add(chunk);
            total += chunk.length;
            if (total > max) {
                return null;
            }
            if (chunk.length < want) {
                break; // the end of the input
            }
            size = Math.min(size * 2, 16 << 20);
        }
        byte[] all = new byte[(int) total];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length;
        }
        return all;
    }
}
