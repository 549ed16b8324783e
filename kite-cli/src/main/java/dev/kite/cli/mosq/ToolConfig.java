package dev.kite.cli.mosq;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code kite pub} or {@code kite sub} command line asked for: the fields of
 * mosquitto's {@code struct mosq_config} that Kite supports, with mosquitto's defaults.
 */
final class ToolConfig {
    enum Mode { NONE, MESSAGE, FILE, STDIN_FILE, STDIN_LINE, NULL }

    final Tool tool;
    String host;
    int port = -1;
    String id;
    String idPrefix;
    int keepalive = 60;
    boolean cleanSession = true;
    int protocolVersion = 4;
    String username;
    String password;
    int qos;
    boolean debug;
    boolean quiet;
    int maxInflight = 20;

    // transport: TLS (as mosquitto, enabled by --cafile or --capath, or -L mqtts://), unix, proxy
    String cafile;
    String capath;
    String certfile;
    String keyfile;
    boolean insecure;
    String tlsVersion;
    boolean tlsUseOsCerts;
    String unixSocket;
    String proxy;
    /** "ws" or "wss" from -L ws:// or wss:// (a kite extension), else null. */
    String websocket;
    String websocketPath = "/";

    /** -x: -1 unset, else 0 to 4294967295 (never expires). */
    long sessionExpiry = -1;
    // -D: the MQTT 5.0 properties of each packet, in command-line order
    final List<PropertyFlags.Prop> connectProps = new ArrayList<>();
    final List<PropertyFlags.Prop> publishProps = new ArrayList<>();
    final List<PropertyFlags.Prop> subscribeProps = new ArrayList<>();
    final List<PropertyFlags.Prop> unsubscribeProps = new ArrayList<>();
    final List<PropertyFlags.Prop> disconnectProps = new ArrayList<>();
    final List<PropertyFlags.Prop> willProps = new ArrayList<>();
    /** Set when -c with MQTT 5.0, a finite session expiry and no client id: libmosquitto refuses it. */
    boolean invalidIdAndCleanSession;

    String willTopic;
    byte[] willPayload;
    int willQos;
    boolean willRetain;

    // pub
    String topic;
    Mode mode = Mode.NONE;
    byte[] message;
    String file;
    boolean retain;
    int repeatCount = 1;
    long repeatDelayMicros;

    // sub
    final List<String> topics = new ArrayList<>();
    final List<String> filterOuts = new ArrayList<>();
    final List<String> unsubTopics = new ArrayList<>();
    int msgCount;
    int timeout;
    boolean verbose;
    boolean eol = true;
    boolean noRetain;
    boolean retainAsPublished;
    boolean retainedOnly;
    boolean removeRetained;
    boolean exitAfterSub;
    String format;
    int randomFilter = 10000;

    ToolConfig(Tool tool) {
        this.tool = tool;
    }

    /** Whether the connection uses TLS: mosquitto turns it on with a CA, or -L mqtts:// (OS CAs). */
    boolean tls() {
        return cafile != null || capath != null || tlsUseOsCerts || "wss".equals(websocket);
    }

    /** As mosquitto's client_connect: 8883 with TLS, else 1883, unless a port was given. */
    int effectivePort() {
        if (port != -1) {
            return port;
        }
        if (websocket != null) {
            return websocket.equals("wss") ? 443 : 80;
        }
        return tls() ? 8883 : 1883;
    }
}
