package dev.kite.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "a", "/", "//", "a/b", "/finance", "finance/", "sport/tennis/player1", "$SYS/broker/load",
        "a b/c d", "caf\u00e9/\u20ac", "emoji/\uD83D\uDE00", "$share/g/a", "\uFFFF",
    })
    void validTopicNames(String name) {
        assertThat(Topic.validate(name)).isSameAs(name);
    }

    static Stream<Arguments> invalidTopicNames() {
        return Stream.of(
                // [MQTT-4.7.3-1] at least one character
                Arguments.of("", "topic name must not be empty"),
                // [MQTT-4.7.3-2] no U+0000
                Arguments.of("a\u0000b", "topic name 'a?b': must not contain U+0000"),
                // [MQTT-1.5.3-1] well-formed UTF-8
                Arguments.of("a\uD800", "unpaired surrogate at index 1"),
                Arguments.of("\uDC00a", "unpaired surrogate at index 0"),
                Arguments.of("\uD800\uD800\uDC00", "unpaired surrogate at index 0"),
                // [MQTT-4.7.1-1] wildcards are for filters
                Arguments.of("sport/+", "topic name 'sport/+': wildcards '+' and '#' are not allowed"),
                Arguments.of("sport/#", "topic name 'sport/#': wildcards"),
                Arguments.of("sport+", "topic name 'sport+': wildcards"),
                Arguments.of("#", "topic name '#': wildcards"),
                // [MQTT-4.7.3-3] at most 65,535 bytes
                Arguments.of("a".repeat(65_536), "topic name of 65536 bytes: must be at most 65535 bytes"),
                Arguments.of("\u20ac".repeat(21_846), "topic name of 65538 bytes"),
                Arguments.of("\uD83D\uDE00".repeat(16_384), "topic name of 65536 bytes"));
    }

    @ParameterizedTest
    @MethodSource
    void invalidTopicNames(String name, String message) {
        assertThatThrownBy(() -> Topic.validate(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> Topic.validate(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic name must not be null");
    }

    @Test
    void lengthLimitCountsUtf8Bytes() {
        assertThat(Topic.validate("a".repeat(Topic.MAX_LENGTH))).hasSize(65_535);
        // 21,845 three-byte characters are exactly 65,535 bytes
        assertThat(Topic.validate("\u20ac".repeat(21_845))).hasSize(21_845);
        // 16,383 four-byte pairs and three one-byte characters are exactly 65,535 bytes
        assertThat(Topic.validate("\uD83D\uDE00".repeat(16_383) + "abc")).isNotNull();
    }
}
