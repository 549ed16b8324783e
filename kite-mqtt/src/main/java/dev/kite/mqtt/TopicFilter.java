package dev.kite.mqtt;

/**
 * A topic filter, parsed and validated once [MQTT-4.7]. A shared subscription
 * {@code $share/<group>/<filter>} keeps its group apart from the filter messages are matched by.
 *
 * <pre>{@code
 * TopicFilter f = TopicFilter.parse("sensors/+/temp");
 * f.matches("sensors/kitchen/temp"); // true
 * }</pre>
 *
 * @since 0.1
 */
public final class TopicFilter {
    private static final String SHARE_PREFIX = "$share/";
    private static final String QUEUE_PREFIX = "$queue/";

    private final String filter;
    private final String matchFilter;
    private final String shareGroup;
    private final String[] levels;

    private TopicFilter(String filter, String matchFilter, String shareGroup) {
        this.filter = filter;
        this.matchFilter = matchFilter;
        this.shareGroup = shareGroup;
        this.levels = matchFilter.split("/", -1);
    }

    /**
     * Parses and validates a topic filter.
     *
     * @param filter the filter as sent in SUBSCRIBE
     * @return the parsed filter
     * @throws IllegalArgumentException if the filter is null, empty, longer than 65,535 UTF-8
     *     bytes, contains U+0000 or an unpaired surrogate, uses a wildcard other than as a whole level, has '#' anywhere but last, or is a shared
     *     subscription ({@code $share/<group>/<filter>} or {@code $queue/<filter>}) without a
     *     group or a filter, or with a wildcard in its group
     */
    public static TopicFilter parse(String filter) {
        Topic.checkString("topic filter", filter);
        String match = filter;
        String group = null;
        if (filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            group = slash < 0 ? "" : filter.substring(SHARE_PREFIX.length(), slash);
            // [MQTT-4.8.2-1] a non-empty share name, [MQTT-4.8.2-2] then '/' and a filter
            if (slash < 0 || group.isEmpty() || slash == filter.length() - 1) {
                throw new IllegalArgumentException("topic filter '" + filter
                        + "': a shared subscription needs the form $share/<group>/<filter>");
            }
            // [MQTT-4.8.2-2] the share name has no '/', '+' or '#'
            if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
                throw new IllegalArgumentException("topic filter '" + filter
                        + "': the share group must not contain wildcards");
            }
            match = filter.substring(slash + 1);
        } else if (filter.startsWith(QUEUE_PREFIX)) {
            // "$queue/" is stripped like "$share/<group>/", so it must be followed by a filter too;
            // before, a bare "$queue/" slipped through and matched the literal topic "$queue/"
            if (filter.length() == QUEUE_PREFIX.length()) {
                throw new IllegalArgumentException("topic filter '" + filter
                        + "': a queue subscription needs the form $queue/<filter>");
            }
            match = filter.substring(QUEUE_PREFIX.length());
        }
        checkWildcards(filter, match);
        return new TopicFilter(filter, match, group);
    }

    /**
     * Checks a topic filter and returns it unchanged.
     *
     * @param filter the filter
     * @return {@code filter}
     * @throws IllegalArgumentException as {@link #parse(String)}
     */
    public static String validate(String filter) {
        parse(filter);
        return filter;
    }

    private static void checkWildcards(String filter, String match) {
        int levelStart = 0;
        for (int i = 0; i <= match.length(); i++) {
            if (i < match.length() && match.charAt(i) != '/') {
                continue;
            }
            String level = match.substring(levelStart, i);
            if (level.length() > 1 && (level.indexOf('+') >= 0 || level.indexOf('#') >= 0)) {
                // [MQTT-4.7.1-2] [MQTT-4.7.1-3] wildcards occupy a whole level
                throw new IllegalArgumentException("topic filter '" + filter + "': level '" + level
                        + "': '+' and '#' must occupy a whole level");
            }
            if (level.equals("#") && i != match.length()) {
                // [MQTT-4.7.1-2] '#' is the last character
                throw new IllegalArgumentException("topic filter '" + filter + "': '#' must be the last level");
            }
            levelStart = i + 1;
        }
    }

    /** Returns the filter as given, share prefix included. */
    public String filter() {
        return filter;
    }

    /** Returns the filter that topics are matched against: without a {@code $share/<group>/} prefix. */
    public String matchFilter() {
        return matchFilter;
    }

    /** Returns the share group, or {@code null} if this is not a shared subscription. */
    public String shareGroup() {
        return shareGroup;
    }

    /** Returns the levels of {@link #matchFilter()}, split at '/'. */
    String[] levels() {
        return levels.clone();
    }

    /**
     * Tells whether a topic name matches this filter [MQTT-4.7]. A filter starting with a
     * wildcard does not match a topic starting with '$' [MQTT-4.7.2-1].
     *
     * @param topic a topic name; it is not validated
     * @return whether a message on {@code topic} is for this filter
     * @throws NullPointerException if {@code topic} is null
     */
    public boolean matches(String topic) {
        if (!topic.isEmpty() && topic.charAt(0) == '$'
                && (levels[0].equals("+") || levels[0].equals("#"))) {
            return false;
        }
        int pos = 0;
        for (int l = 0; l < levels.length; l++) {
            String level = levels[l];
            if (level.equals("#")) {
                return true;
            }
            if (pos > topic.length()) {
                // "a/#" matches "a": '#' also matches the parent level
                return false;
            }
            int end = topic.indexOf('/', pos);
            if (end < 0) {
                end = topic.length();
            }
            if (!level.equals("+") && !topic.regionMatches(pos, level, 0, level.length())
                    || !level.equals("+") && end - pos != level.length()) {
                return false;
            }
            pos = end + 1;
            if (pos > topic.length() && l + 2 == levels.length && levels[l + 1].equals("#")) {
                return true;
            }
        }
        return pos > topic.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicFilter other && other.filter.equals(filter);
    }

    @Override
    public int hashCode() {
        return filter.hashCode();
    }

    @Override
    public String toString() {
        return filter;
    }
}
