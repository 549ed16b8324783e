package dev.kite.cli.mosq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.cli.mosq.ArgParser.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The value of -L: mosquitto's mqtt:// and mqtts:// URLs and kite's ws:// and wss://. */
class BrokerUrlTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Result parse(ToolConfig cfg, String url) {
        Line line = new Line(cfg, new PrintStream(err, true, StandardCharsets.UTF_8), new String[0]);
        return BrokerUrl.parse(line, url);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void mqttUrlGivesCredentialsHostPortAndTopic() {
        ToolConfig cfg = new ToolConfig(Tool.PUB);
        assertThat(parse(cfg, "MQTT://me:se:cret@broker:1884/a/b")).isEqualTo(Result.OK);
        assertThat(cfg.username).isEqualTo("me");
        assertThat(cfg.password).isEqualTo("se:cret");
        assertThat(cfg.host).isEqualTo("broker");
        assertThat(cfg.port).isEqualTo(1884);
        assertThat(cfg.topic).isEqualTo("a/b");
        assertThat(cfg.tls()).isFalse();
    }

    @Test
    void mqttsUrlTurnsOnTlsWithTheSystemsCas() {
        ToolConfig cfg = new ToolConfig(Tool.SUB);
        assertThat(parse(cfg, "mqtts://broker/a/#")).isEqualTo(Result.OK);
        assertThat(cfg.port).isEqualTo(8883);
        assertThat(cfg.tlsUseOsCerts).isTrue();
        assertThat(cfg.topics).containsExactly("a/#");
        assertThat(cfg.username).isNull();
    }

    @Test
    void websocketUrlGivesThePathAndLeavesTheTopicToMinusT() {
        ToolConfig cfg = new ToolConfig(Tool.SUB);
        assertThat(parse(cfg, "ws://me:pw@[::1]:8080/mqtt")).isEqualTo(Result.OK);
        assertThat(cfg.websocket).isEqualTo("ws");
        assertThat(cfg.host).isEqualTo("::1");
        assertThat(cfg.port).isEqualTo(8080);
        assertThat(cfg.websocketPath).isEqualTo("/mqtt");
        assertThat(cfg.username).isEqualTo("me");
        assertThat(cfg.password).isEqualTo("pw");
        assertThat(cfg.topics).isEmpty();

        ToolConfig secure = new ToolConfig(Tool.PUB);
        assertThat(parse(secure, "wss://[::1]")).isEqualTo(Result.OK);
        assertThat(secure.host).isEqualTo("::1");
        assertThat(secure.websocketPath).isEqualTo("/");
        assertThat(secure.effectivePort()).isEqualTo(443);
        assertThat(secure.tls()).isTrue();
    }

    @Test
    void badUrlsFailWithMosquittosMessages() {
        assertThat(parse(new ToolConfig(Tool.SUB), "http://x/y")).isEqualTo(Result.ERROR);
        assertThat(parse(new ToolConfig(Tool.SUB), "mqtt://x")).isEqualTo(Result.ERROR);
        assertThat(parse(new ToolConfig(Tool.PUB), "mqtt://x/a/+")).isEqualTo(Result.ERROR);
        assertThat(err()).isEqualTo("Error: unsupported URL scheme.\n\n"
                + "Error: Invalid URL for -L argument specified - topic missing.\n"
                + "Error: Invalid publish topic 'a/+', does it contain '+' or '#'?\n");
    }
}
