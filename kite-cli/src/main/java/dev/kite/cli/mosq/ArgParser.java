package dev.kite.cli.mosq;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Parses a command line the way mosquitto's {@code client_config_line_proc} does: each flag a
 * separate word, compared exactly, with mosquitto's error messages word for word. Flags whose
 * feature kite-mqtt does not have yet fail with a message naming the missing feature.
 */
final class ArgParser {
    /** Outcome of parsing. */
    enum Result { OK, ERROR, HELP, VERSION }

    private final ToolConfig cfg;
    private final PrintStream err;

    ArgParser(ToolConfig cfg, PrintStream err) {
        this.cfg = cfg;
        this.err = err;
    }

    Result parse(String[] argv) {
        Result r = parseLine(argv);
        if (r != Result.OK) {
            return r;
        }
        if (cfg.willPayload != null && cfg.willTopic == null) {
            return fail("Error: Will payload given, but no will topic given.\n");
        }
        if (cfg.willRetain && cfg.willTopic == null) {
            return fail("Error: Will retain given, but no will topic given.\n");
        }
        if (!cfg.cleanSession && (cfg.idPrefix != null || cfg.id == null)) {
            return fail("Error: You must provide a client id if you are using the -c option.\n");
        }
        if (cfg.tool == Tool.SUB && cfg.topics.isEmpty()) {
            return fail("Error: You must specify a topic to subscribe to.\n");
        }
        if ((cfg.certfile == null) != (cfg.keyfile == null)) {
            return fail("Error: Both certfile and keyfile must be provided if one of them is set.\n");
        }
        if (cfg.tlsVersion != null && !List.of("tlsv1.3", "tlsv1.2", "tlsv1.1").contains(cfg.tlsVersion)) {
            return fail("Error: Protocol version argument given but not valid: " + cfg.tlsVersion
                    + " (kite takes tlsv1.3, tlsv1.2 or tlsv1.1).\n");
        }
        if (cfg.host == null) {
            cfg.host = "localhost";
        }
        return Result.OK;
    }

    private Result fail(String message) {
        err.print(message);
        return Result.ERROR;
    }

    private Result unsupported(String flag, String why) {
        return fail("Error: " + flag + " is not supported by kite yet: " + why + ".\n\n");
    }

    private static String missing(String flag) {
        return switch (flag) {
            case "--cafile", "--capath", "--cert", "--key" -> "Error: " + flag + " argument given but no "
                    + (flag.equals("--capath") ? "directory" : "file") + " specified.\n\n";
            case "--tls-version" -> "Error: --tls-version argument given but no version specified.\n\n";
            case "--proxy" -> "Error: --proxy argument given but no proxy url specified.\n\n";
            default -> "Error: --unix argument given but no socket path specified.\n\n";
        };
    }
    private static final String V5 = "MQTT 5 is not yet available in kite-mqtt";

    @SuppressWarnings("checkstyle:CyclomaticComplexity")
    private Result parseLine(String[] argv) {
        boolean pub = cfg.tool == Tool.PUB;
        boolean sub = cfg.tool == Tool.SUB;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            boolean last = i == argv.length - 1;
            String next = last ? null : argv[i + 1];
            switch (a) {
                case "-A":
                    if (last) {
                        return fail("Error: -A argument given but no address specified.\n\n");
                    }
                    return unsupported("-A", "kite-mqtt cannot bind the outgoing socket to an address");
                case "--cafile", "--capath", "--cert", "--key", "--tls-version", "--proxy", "--unix":
                    if (last) {
                        return fail(missing(a));
                    }
                    switch (a) {
                        case "--cafile" -> cfg.cafile = next;
                        case "--capath" -> cfg.capath = next;
                        case "--cert" -> cfg.certfile = next;
                        case "--key" -> cfg.keyfile = next;
                        case "--tls-version" -> cfg.tlsVersion = next;
                        case "--proxy" -> {
                            // mosquitto 2.0 knows only socks5h:// (the proxy resolves the name)
                            if (!next.startsWith("socks5h://")) {
                                return fail("Error: Unsupported proxy protocol: " + next + "\n");
                            }
                            cfg.proxy = next;
                        }
                        default -> {
                            cfg.unixSocket = next;
                            cfg.port = 0;
                        }
                    }
                    i++;
                    break;
                case "--insecure":
                    cfg.insecure = true;
                    break;
                case "--tls-use-os-certs":
                    cfg.tlsUseOsCerts = true;
                    break;
                case "--keyform", "--ciphers", "--tls-alpn", "--tls-engine", "--tls-engine-kpass-sha1":
                    return unsupported(a, "kite-mqtt takes TLS settings from the JDK, not from OpenSSL");
                case "--psk", "--psk-identity":
                    return unsupported(a, "the JDK has no TLS-PSK cipher suites");
                case "-D", "--property":
                    return unsupported(a, V5);
                case "-x":
                    if (last) {
                        return fail("Error: -x argument given but no session expiry interval specified.\n\n");
                    }
                    return unsupported(a, V5);
                case "-C":
                    if (!sub) {
                        return unknown(a);
                    }
                    if (last) {
                        return fail("Error: -C argument given but no count specified.\n\n");
                    }
                    cfg.msgCount = atoi(next);
                    if (cfg.msgCount < 1) {
                        return fail("Error: Invalid message count \"" + cfg.msgCount + "\".\n\n");
                    }
                    i++;
                    break;
                case "-c", "--disable-clean-session":
                    cfg.cleanSession = false;
                    break;
                case "-d", "--debug":
                    cfg.debug = true;
                    break;
                case "-E":
                    if (!sub) {
                        return unknown(a);
                    }
                    cfg.exitAfterSub = true;
                    break;
                case "-f", "--file":
                    if (!pub) {
                        return unknown(a);
                    }
                    if (cfg.mode != ToolConfig.Mode.NONE) {
                        return fail("Error: Only one type of message can be sent at once.\n\n");
                    }
                    if (last) {
                        return fail("Error: -f argument given but no file specified.\n\n");
                    }
                    cfg.mode = ToolConfig.Mode.FILE;
                    cfg.file = next;
                    i++;
                    break;
                case "-F":
                    if (!sub) {
                        return unknown(a);
                    }
                    if (last) {
                        return fail("Error: -F argument given but no format specified.\n\n");
                    }
                    String problem = Formatter.check(next);
                    if (problem != null) {
                        return fail(problem);
                    }
                    cfg.format = next;
                    i++;
                    break;
                case "--help":
                    return Result.HELP;
                case "-h", "--host":
                    if (last) {
                        return fail("Error: -h argument given but no host specified.\n\n");
                    }
                    cfg.host = next;
                    i++;
                    break;
                case "-i", "--id":
                    if (cfg.idPrefix != null) {
                        return fail("Error: -i and -I argument cannot be used together.\n\n");
                    }
                    if (last) {
                        return fail("Error: -i argument given but no id specified.\n\n");
                    }
                    cfg.id = next;
                    i++;
                    break;
                case "-I", "--id-prefix":
                    if (cfg.id != null) {
                        return fail("Error: -i and -I argument cannot be used together.\n\n");
                    }
                    if (last) {
                        return fail("Error: -I argument given but no id prefix specified.\n\n");
                    }
                    cfg.idPrefix = next;
                    i++;
                    break;
                case "-k", "--keepalive":
                    if (last) {
                        return fail("Error: -k argument given but no keepalive specified.\n\n");
                    }
                    cfg.keepalive = atoi(next);
                    if (cfg.keepalive < 5 || cfg.keepalive > 65535) {
                        return fail("Error: Invalid keepalive given, it must be between 5 and 65535 inclusive.\n\n");
                    }
                    i++;
                    break;
                case "-L", "--url":
                    if (last) {
                        return fail("Error: -L argument given but no URL specified.\n\n");
                    }
                    Result url = url(next);
                    if (url != Result.OK) {
                        return url;
                    }
                    i++;
                    break;
                case "-l", "--stdin-line":
                    if (!pub) {
                        return unknown(a);
                    }
                    if (cfg.mode != ToolConfig.Mode.NONE) {
                        return fail("Error: Only one type of message can be sent at once.\n\n");
                    }
                    cfg.mode = ToolConfig.Mode.STDIN_LINE;
                    break;
                case "-m", "--message":
                    if (!pub) {
                        return unknown(a);
                    }
                    if (cfg.mode != ToolConfig.Mode.NONE) {
                        return fail("Error: Only one type of message can be sent at once.\n\n");
                    }
                    if (last) {
                        return fail("Error: -m argument given but no message specified.\n\n");
                    }
                    cfg.message = next.getBytes(StandardCharsets.UTF_8);
                    cfg.mode = ToolConfig.Mode.MESSAGE;
                    i++;
                    break;
                case "-M":
                    if (last) {
                        return fail("Error: -M argument given but max_inflight not specified.\n\n");
                    }
                    int inflight = atoi(next);
                    if (inflight < 1) {
                        return fail("Error: Maximum inflight messages must be greater than 0.\n\n");
                    }
                    cfg.maxInflight = Math.min(inflight, 65535);
                    i++;
                    break;
                case "--nodelay":
                    // kite-mqtt already writes with TCP_NODELAY semantics (batched, flushed writes)
                    break;
                case "-n", "--null-message":
                    if (!pub) {
                        return unknown(a);
                    }
                    if (cfg.mode != ToolConfig.Mode.NONE) {
                        return fail("Error: Only one type of message can be sent at once.\n\n");
                    }
                    cfg.mode = ToolConfig.Mode.NULL;
                    break;
                case "-N":
                    if (!sub) {
                        return unknown(a);
                    }
                    cfg.eol = false;
                    break;
                case "-p", "--port":
                    if (last) {
                        return fail("Error: -p argument given but no port specified.\n\n");
                    }
                    cfg.port = atoi(next);
                    if (cfg.port < 0 || cfg.port > 65535) {
                        return fail("Error: Invalid port given: " + cfg.port + "\n");
                    }
                    i++;
                    break;
                case "--pretty":
                    if (!sub) {
                        return unknown(a);
                    }
                    // as mosquitto built without cJSON (Debian's): %j output is always minimised
                    break;
                case "-P", "--pw":
                    if (last) {
                        return fail("Error: -P argument given but no password specified.\n\n");
                    }
                    cfg.password = next;
                    i++;
                    break;
                case "-q", "--qos":
                    if (last) {
                        return fail("Error: -q argument given but no QoS specified.\n\n");
                    }
                    cfg.qos = atoi(next);
                    if (cfg.qos < 0 || cfg.qos > 2) {
                        return fail("Error: Invalid QoS given: " + cfg.qos + "\n");
                    }
                    i++;
                    break;
                case "--quiet":
                    cfg.quiet = true;
                    break;
                case "-r", "--retain":
                    if (!pub) {
                        return unknown(a);
                    }
                    cfg.retain = true;
                    break;
                case "-R":
                    if (!sub) {
                        return unknown(a);
                    }
                    cfg.noRetain = true;
                    break;
                case "--random-filter":
                    if (!sub) {
                        return unknown(a);
                    }
                    if (last) {
                        return fail("Error: --random-filter argument given but no chance specified.\n\n");
                    }
                    cfg.randomFilter = (int) (10.0 * atof(next));
                    if (cfg.randomFilter > 10000 || cfg.randomFilter < 1) {
                        return fail("Error: --random-filter chance must be between 0.1-100.0\n\n");
                    }
                    i++;
                    break;
                case "--remove-retained":
                    if (!sub) {
                        return unknown(a);
                    }
                    cfg.removeRetained = true;
                    break;
                case "--repeat":
                    if (!pub) {
                        return unknown(a);
                    }
                    if (last) {
                        return fail("Error: --repeat argument given but no count specified.\n\n");
                    }
                    cfg.repeatCount = atoi(next);
                    if (cfg.repeatCount < 1) {
                        return fail("Error: --repeat argument must be >0.\n\n");
                    }
                    i++;
                    break;
                case "--repeat-delay":
                    if (!pub) {
                        return unknown(a);
                    }
                    if (last) {
                        return fail("Error: --repeat-delay argument given but no time specified.\n\n");
                    }
                    double delay = atof(next);
                    if (delay < 0) {
                        return fail("Error: --repeat-delay argument must be >=0.0.\n\n");
                    }
                    cfg.repeatDelayMicros = (long) (delay * 1e6);
                    i++;
                    break;
                case "--retained-only":
                    if (!sub) {
                        return unknown(a);
                    }
                    cfg.retainedOnly = true;
                    break;
                case "-s", "--stdin-file":
                    if (!pub) {
                        return unknown(a);
                    }
                    if (cfg.mode != ToolConfig.Mode.NONE) {
                        return fail("Error: Only one type of message can be sent at once.\n\n");
                    }
                    cfg.mode = ToolConfig.Mode.STDIN_FILE;
                    break;
                case "-t", "--topic":
                    if (last) {
                        return fail("Error: -t argument given but no topic specified.\n\n");
                    }
                    if (addTopic(next) != Result.OK) {
                        return Result.ERROR;
                    }
                    i++;
                    break;
                case "-T", "--filter-out":
                    if (!sub) {
                        return unknown(a);
                    }
                    if (last) {
                        return fail("Error: -T argument given but no topic filter specified.\n\n");
                    }
                    if (!Topics.validFilter(next)) {
                        return fail("Error: Invalid filter topic '" + next
                                + "', are all '+' and '#' wildcards correct?\n");
                    }
                    cfg.filterOuts.add(next);
                    i++;
                    break;
                case "-U", "--unsubscribe":
                    if (!sub) {
                        return unknown(a);
                    }
                    if (last) {
                        return fail("Error: -U argument given but no unsubscribe topic specified.\n\n");
                    }
                    if (!Topics.validFilter(next)) {
                        return fail("Error: Invalid unsubscribe topic '" + next
                                + "', are all '+' and '#' wildcards correct?\n");
                    }
                    cfg.unsubTopics.add(next);
                    i++;
                    break;
                case "-u", "--username":
                    if (last) {
                        return fail("Error: -u argument given but no username specified.\n\n");
                    }
                    cfg.username = next;
                    i++;
                    break;
                case "-V", "--protocol-version":
                    if (last) {
                        return fail("Error: --protocol-version argument given but no version specified.\n\n");
                    }
                    switch (next) {
                        case "mqttv31", "31" -> cfg.protocolVersion = 3;
                        case "mqttv311", "311" -> cfg.protocolVersion = 4;
                        case "mqttv5", "5" -> {
                            return unsupported("-V " + next, V5);
                        }
                        default -> {
                            return fail("Error: Invalid protocol version argument given.\n\n");
                        }
                    }
                    i++;
                    break;
                case "-v", "--verbose":
                    if (!sub) {
                        return unknown(a);
                    }
                    cfg.verbose = true;
                    break;
                case "--version":
                    return Result.VERSION;
                case "-W":
                    if (!sub) {
                        return unknown(a);
                    }
                    if (last) {
                        return fail("Error: -W argument given but no timeout specified.\n\n");
                    }
                    int t = atoi(next);
                    if (t < 1) {
                        return fail("Error: Invalid timeout \"" + t + "\".\n\n");
                    }
                    cfg.timeout = t;
                    i++;
                    break;
                case "--will-payload":
                    if (last) {
                        return fail("Error: --will-payload argument given but no will payload specified.\n\n");
                    }
                    cfg.willPayload = next.getBytes(StandardCharsets.UTF_8);
                    i++;
                    break;
                case "--will-qos":
                    if (last) {
                        return fail("Error: --will-qos argument given but no will QoS specified.\n\n");
                    }
                    cfg.willQos = atoi(next);
                    if (cfg.willQos < 0 || cfg.willQos > 2) {
                        return fail("Error: Invalid will QoS " + cfg.willQos + ".\n\n");
                    }
                    i++;
                    break;
                case "--will-retain":
                    cfg.willRetain = true;
                    break;
                case "--will-topic":
                    if (last) {
                        return fail("Error: --will-topic argument given but no will topic specified.\n\n");
                    }
                    if (!Topics.validTopic(next)) {
                        return fail("Error: Invalid will topic '" + next + "', does it contain '+' or '#'?\n");
                    }
                    cfg.willTopic = next;
                    i++;
                    break;
                default:
                    return unknown(a);
            }
        }
        return Result.OK;
    }

    private Result unknown(String flag) {
        return fail("Error: Unknown option '" + flag + "'.\n");
    }

    private Result addTopic(String topic) {
        if (cfg.tool == Tool.PUB) {
            if (!Topics.validTopic(topic)) {
                return fail("Error: Invalid publish topic '" + topic + "', does it contain '+' or '#'?\n");
            }
            cfg.topic = topic;
        } else {
            if (!Topics.validFilter(topic)) {
                return fail("Error: Invalid subscription topic '" + topic
                        + "', are all '+' and '#' wildcards correct?\n");
            }
            cfg.topics.add(topic);
        }
        return Result.OK;
    }

    // -L mqtt://[username[:password]@]host[:port]/topic
    private Result url(String value) {
        String url = value;
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("mqtt://")) {
            url = url.substring(7);
            cfg.port = 1883;
        } else if (lower.startsWith("mqtts://")) {
            // as mosquitto: TLS on port 8883, trusting the system's CAs unless --cafile says otherwise
            url = url.substring(8);
            cfg.port = 8883;
            cfg.tlsUseOsCerts = true;
        } else if (lower.startsWith("ws://") || lower.startsWith("wss://")) {
            // a kite extension (mosquitto_pub 2.0 has no WebSocket client): the URL's path is
            // the WebSocket path and -t gives the topic
            cfg.websocket = lower.startsWith("ws://") ? "ws" : "wss";
            return websocketUrl(url.substring(cfg.websocket.length() + 3));
        } else {
            return fail("Error: unsupported URL scheme.\n\n");
        }
        int slash = url.indexOf('/');
        if (slash < 0) {
            return fail("Error: Invalid URL for -L argument specified - topic missing.\n");
        }
        String topic = url.substring(slash + 1);
        url = url.substring(0, slash);
        if (addTopic(topic) != Result.OK) {
            return Result.ERROR;
        }
        int at = url.indexOf('@');
        if (at >= 0) {
            String auth = url.substring(0, at);
            int colon = auth.indexOf(':');
            if (colon >= 0) {
                cfg.password = auth.substring(colon + 1);
                auth = auth.substring(0, colon);
            }
            cfg.username = auth;
            url = url.substring(at + 1);
        }
        int colon = url.indexOf(':');
        if (colon >= 0) {
            cfg.port = atoi(url.substring(colon + 1));
            url = url.substring(0, colon);
        }
        cfg.host = url;
        return Result.OK;
    }

    // -L ws[s]://[username[:password]@]host[:port][/path]: the topic comes from -t
    private Result websocketUrl(String rest) {
        String authority = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            authority = rest.substring(0, slash);
            cfg.websocketPath = rest.substring(slash);
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String auth = authority.substring(0, at);
            int colon = auth.indexOf(':');
            cfg.username = colon >= 0 ? auth.substring(0, colon) : auth;
            if (colon >= 0) {
                cfg.password = auth.substring(colon + 1);
            }
            authority = authority.substring(at + 1);
        }
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("]")) {
            cfg.port = atoi(authority.substring(colon + 1));
            authority = authority.substring(0, colon);
        }
        cfg.host = authority.startsWith("[") ? authority.substring(1, authority.length() - 1) : authority;
        return Result.OK;
    }

    /** C's {@code atoi}: leading blanks, a sign, digits; anything else ends it; nothing parses as 0. */
    static int atoi(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            value = value * 10 + (s.charAt(i) - '0');
            if (value > Integer.MAX_VALUE) {
                value = Integer.MAX_VALUE;
            }
            i++;
        }
        return (int) (negative ? -value : value);
    }

    /** C's {@code atof}, close enough: the longest leading number, or 0. */
    static double atof(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")
                .matcher(s);
        return m.find() ? Double.parseDouble(m.group().trim()) : 0;
    }
}
