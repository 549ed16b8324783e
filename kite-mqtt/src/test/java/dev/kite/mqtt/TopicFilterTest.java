package dev.kite.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TopicFilterTest {

    @ParameterizedTest(name = "{0} -> match {1}, group {2}")
    @CsvSource(delimiter = '|', nullValues = "null", quoteCharacter = '"', value = {
        "sport/tennis/player1/# | sport/tennis/player1/# | null",
        "sport/#                | sport/#                | null",
        "#                      | #                      | null",
        "sport/tennis/#         | sport/tennis/#         | null",
        "+                      | +                      | null",
        "+/tennis/#             | +/tennis/#             | null",
        "sport/+/player1        | sport/+/player1        | null",
        "+/+                    | +/+                    | null",
        "/+                     | /+                     | null",
        "/                      | /                      | null",
        "a//b                   | a//b                   | null",
        "$SYS/#                 | $SYS/#                 | null",
        "$share                 | $share                 | null",
        "$sharex/a              | $sharex/a              | null",
        "$share/g/a/b           | a/b                    | g",
        "$share/g/#             | #                      | g",
        "$share/g//             | /                      | g",
        "$share/$g/+/x          | +/x                    | $g",
        "$queue/a/+             | a/+                    | null",
    })
    void validFilters(String filter, String matchFilter, String group) {
        TopicFilter parsed = TopicFilter.parse(filter);
        assertThat(parsed.filter()).isEqualTo(filter);
        assertThat(parsed.toString()).isEqualTo(filter);
        assertThat(parsed.matchFilter()).isEqualTo(matchFilter);
        assertThat(parsed.shareGroup()).isEqualTo(group);
        assertThat(TopicFilter.validate(filter)).isSameAs(filter);
    }

    static Stream<Arguments> invalidFilters() {
        return Stream.of(
                // [MQTT-4.7.1-2] '#' is last and a whole level
                Arguments.of("sport/tennis#", "topic filter 'sport/tennis#': level 'tennis#': '+' and '#' must occupy a whole level"),
                Arguments.of("sport/#/ranking", "topic filter 'sport/#/ranking': '#' must be the last level"),
                Arguments.of("#/", "topic filter '#/': '#' must be the last level"),
                Arguments.of("##", "level '##'"),
                // [MQTT-4.7.1-3] '+' is a whole level
                Arguments.of("+sport", "topic filter '+sport': level '+sport': '+' and '#' must occupy a whole level"),
                Arguments.of("sport+", "level 'sport+'"),
                Arguments.of("a/+b/c", "level '+b'"),
                Arguments.of("++", "level '++'"),
                // [MQTT-4.7.3-1] [MQTT-4.7.3-2] [MQTT-1.5.3-1] [MQTT-4.7.3-3]
                Arguments.of("", "topic filter must not be empty"),
                Arguments.of("a\u0000b", "topic filter 'a?b': must not contain U+0000"),
                Arguments.of("a/\uDC00", "unpaired surrogate at index 2"),
                Arguments.of("\uD83D", "unpaired surrogate at index 0"),
                Arguments.of("a".repeat(65_536), "topic filter of 65536 bytes: must be at most 65535 bytes"),
                // [MQTT-4.8.2-1] [MQTT-4.8.2-2] $share/<group>/<filter>
                Arguments.of("$share/g", "topic filter '$share/g': a shared subscription needs the form $share/<group>/<filter>"),
                Arguments.of("$share/", "topic filter '$share/': a shared subscription needs the form"),
                Arguments.of("$share//a", "topic filter '$share//a': a shared subscription needs the form"),
                Arguments.of("$share/g/", "topic filter '$share/g/': a shared subscription needs the form"),
                Arguments.of("$share/g+/a", "topic filter '$share/g+/a': the share group must not contain wildcards"),
                Arguments.of("$share/#/a", "the share group must not contain wildcards"),
                Arguments.of("$share/g/a#", "topic filter '$share/g/a#': level 'a#'"),
                Arguments.of("$share/g/#/a", "topic filter '$share/g/#/a': '#' must be the last level"),
                Arguments.of("$queue/", "topic filter '$queue/': a queue subscription needs the form $queue/<filter>"),
                Arguments.of("$queue/a/#/b", "'#' must be the last level"));
    }

    @ParameterizedTest
    @MethodSource
    void invalidFilters(String filter, String message) {
        assertThatThrownBy(() -> TopicFilter.parse(filter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> TopicFilter.validate(filter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> TopicFilter.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic filter must not be null");
    }

    /** The examples of MQTT 3.1.1 section 4.7 and 5.0 section 4.7, and edge cases around them. */
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // 4.7.1.2 multi-level wildcard
        "sport/tennis/player1/#  | sport/tennis/player1                 | true",
        "sport/tennis/player1/#  | sport/tennis/player1/ranking         | true",
        "sport/tennis/player1/#  | sport/tennis/player1/score/wimbledon | true",
        "sport/tennis/player1/#  | sport/tennis/player2                 | false",
        "sport/tennis/player1/#  | sport/tennis                         | false",
        "sport/#                 | sport                                | true",
        "sport/#                 | sport/                               | true",
        "sport/#                 | sports                               | false",
        "#                       | sport/tennis/player1                 | true",
        "#                       | /                                    | true",
        "a/#                     | a                                    | true",
        "a/#                     | a/b/c                                | true",
        "a/#                     | b                                    | false",
        "a/+/#                   | a/b                                  | true",
        "a/+/#                   | a                                    | false",
        // 4.7.1.3 single-level wildcard
        "sport/tennis/+          | sport/tennis/player1                 | true",
        "sport/tennis/+          | sport/tennis/player2                 | true",
        "sport/tennis/+          | sport/tennis/player1/ranking         | false",
        "sport/tennis/+          | sport/tennis/                        | true",
        "sport/tennis/+          | sport/tennis                         | false",
        "sport/+                 | sport                                | false",
        "sport/+                 | sport/                               | true",
        "+                       | sport                                | true",
        "+                       | /finance                             | false",
        "+/+                     | /finance                             | true",
        "/+                      | /finance                             | true",
        "/+                      | finance                              | false",
        "+/tennis/#              | sport/tennis/player1                 | true",
        "+/tennis/#              | sport/tennis                         | true",
        "+/tennis/#              | sport/golf                           | false",
        "sport/+/player1         | sport/tennis/player1                 | true",
        "sport/+/player1         | sport//player1                       | true",
        // exact levels, empty levels matter
        "sport/tennis            | sport/tennis                         | true",
        "sport/tennis            | Sport/tennis                         | false",
        "sport/tennis            | sport/tennis/                        | false",
        "sport/tennis            | sport/tenni                          | false",
        "sport/tenni             | sport/tennis                         | false",
        "a//b                    | a//b                                 | true",
        "a//b                    | a/b                                  | false",
        "a/+/b                   | a//b                                 | true",
        "/                       | /                                    | true",
        "+/+                     | /                                    | true",
        "+                       | /                                    | false",
        // 4.7.2 [MQTT-4.7.2-1] topics starting with '$'
        "#                       | $SYS/x                               | false",
        "#                       | $SYS                                 | false",
        "+/monitor/Clients       | $SYS/monitor/Clients                 | false",
        "+                       | $SYS                                 | false",
        "+/+                     | $SYS/x                               | false",
        "$SYS/#                  | $SYS/x                               | true",
        "$SYS/#                  | $SYS                                 | true",
        "$SYS/monitor/+          | $SYS/monitor/Clients                 | true",
        "$SYS/+                  | $SYS/x                               | true",
        "a/#                     | a/$SYS                               | true",
        "a/+                     | a/$x                                 | true",
        // shared subscriptions match by the filter after the group
        "$share/g/a/b            | a/b                                  | true",
        "$share/g/a/b            | $share/g/a/b                         | false",
        "$share/g/#              | a/b                                  | true",
        "$share/g/#              | $SYS/x                               | false",
        "$share/g/+/b            | a/b                                  | true",
        "$queue/a/+              | a/b                                  | true",
    })
    void matches(String filter, String topic, boolean expected) {
        assertThat(TopicFilter.parse(filter).matches(topic)).isEqualTo(expected);
    }

    @Test
    void equalityIsByFullFilterString() {
        assertThat(TopicFilter.parse("a/b")).isEqualTo(TopicFilter.parse("a/b"))
                .hasSameHashCodeAs(TopicFilter.parse("a/b"));
        assertThat(TopicFilter.parse("$share/g/a/b")).isNotEqualTo(TopicFilter.parse("a/b"))
                .isNotEqualTo(TopicFilter.parse("$share/h/a/b"));
    }
}
