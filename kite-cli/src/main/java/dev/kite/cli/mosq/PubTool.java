package dev.kite.cli.mosq;

import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PublishToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code kite pub}: mosquitto_pub's behaviour after the command line is parsed. */
final class PubTool {
    private final ToolConfig cfg;
    private final ToolClient tc;
    private final InputStream in;

    PubTool(ToolConfig cfg, ToolClient tc, InputStream in) {
        this.cfg = cfg;
        this.tc = tc;
        this.in = in;
    }

    int run() throws InterruptedException {
        MqttClient client = MqttClient.create(tc.options().setAutoReconnect(false));
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
                PublishToken token = client.publish(cfg.topic, cfg.qos, cfg.retain, payload);
                token.waitFor();
                if (token.error() != null) {
                    tc.error("Error: " + token.error().getMessage() + "\n");
                    return 1;
                }
            }
            return 0;
        } finally {
            client.disconnect(1000);
        }
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
                    tokens.add(client.publish(cfg.topic, cfg.qos, cfg.retain, line.toByteArray()));
                    line.reset();
                    pending = false;
                } else {
                    line.write(b);
                    pending = true;
                }
                if (tokens.size() > 1000) {
                    tokens.removeIf(t -> t.waitFor() && t.error() == null);
                }
            }
            if (pending) {
                tokens.add(client.publish(cfg.topic, cfg.qos, cfg.retain, line.toByteArray()));
            }
        } catch (IOException e) {
            tc.error("Error: " + e.getMessage() + "\n");
            return 1;
        }
        for (PublishToken t : tokens) {
            t.waitFor();
            if (t.error() != null) {
                tc.error("Error: " + t.error().getMessage() + "\n");
                return 1;
            }
        }
        return 0;
    }

    /** Loads -f and -s input before connecting; returns false after reporting a failure. */
    static boolean load(ToolConfig cfg, ToolClient tc, InputStream in) {
        if (cfg.mode == ToolConfig.Mode.STDIN_FILE) {
            try {
                cfg.message = in.readAllBytes();
            } catch (IOException e) {
                cfg.message = new byte[0];
            }
            if (cfg.message.length == 0) {
                tc.error("Error: Zero length input.\n");
                tc.error("Error loading input from stdin.\n");
                return false;
            }
        } else if (cfg.mode == ToolConfig.Mode.FILE) {
            try {
                cfg.message = Files.readAllBytes(Path.of(cfg.file));
            } catch (IOException | RuntimeException e) {
                tc.error("Error: Unable to open file \"" + cfg.file + "\".\n");
                tc.error("Error loading input file \"" + cfg.file + "\".\n");
                return false;
            }
        }
        return true;
    }
}
