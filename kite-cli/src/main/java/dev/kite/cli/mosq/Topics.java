package dev.kite.cli.mosq;

import java.nio.charset.StandardCharsets;

/** mosquitto's topic checks ({@code mosquitto_pub_topic_check}, {@code mosquitto_sub_topic_check}) and matching. */
final class Topics {
    private Topics() {
    }

    static boolean validTopic(String topic) {
        return topic.indexOf('+') < 0 && topic.indexOf('#') < 0 && shortEnough(topic);
    }

    static boolean validFilter(String filter) {
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            boolean startsLevel = i == 0 || filter.charAt(i - 1) == '/';
            if (c == '+') {
                if (!startsLevel || (i + 1 < n && filter.charAt(i + 1) != '/')) {
                    return false;
                }
            } else if (c == '#') {
                if (!startsLevel || i + 1 < n) {
                    return false;
                }
            }
        }
        return shortEnough(filter);
    }

    private static boolean shortEnough(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length <= 65535;
    }

    /** {@code mosquitto_topic_matches_sub}: '+' one level, '#' the rest, '$' topics only by '$' filters. */
    static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") != filter.startsWith("$")) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
