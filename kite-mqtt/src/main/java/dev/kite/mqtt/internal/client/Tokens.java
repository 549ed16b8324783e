package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.SubscribeToken;
import dev.kite.mqtt.UnsubscribeToken;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The token types with results, each with its typed {@code toCompletableFuture()}: the result is
 * set before the token completes, so the user's future reads it afterwards.
 */
final class Tokens {
    private Tokens() {
    }

    static final class Connect extends BaseToken implements ConnectToken {
        private volatile int returnCode = -1;
        private volatile boolean sessionPresent;
        private volatile ConnackProperties connack = ConnackProperties.DEFAULTS;

        void connack(int code, boolean present, ConnackProperties properties) {
            this.connack = properties;
            this.returnCode = code;
            this.sessionPresent = present;
        }

        @Override
        public ConnackProperties connack() {
            return connack;
        }

        @Override
        public int returnCode() {
            return returnCode;
        }

        @Override
        public boolean sessionPresent() {
            return sessionPresent;
        }

        @Override
        public CompletableFuture<ConnectToken> toCompletableFuture() {
            return userFuture(() -> this);
        }
    }

    static final class Publish extends BaseToken implements PublishToken {
        private volatile int messageId;

        @Override
        public void packetId(int id) {
            this.messageId = id;
        }

        @Override
        public int messageId() {
            return messageId;
        }

        @Override
        public CompletableFuture<Void> toCompletableFuture() {
            return userFuture(() -> null);
        }
    }

    static final class Subscribe extends BaseToken implements SubscribeToken {
        private final List<String> filters;
        private volatile Map<String, Integer> result = Map.of();

        Subscribe(List<String> filters) {
            this.filters = filters;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void complete(Object codes) {
            List<Integer> list = (List<Integer>) codes;
            Map<String, Integer> r = new LinkedHashMap<>();
            for (int i = 0; i < filters.size(); i++) {
                r.put(filters.get(i), i < list.size() ? list.get(i) : 0x80);
            }
            result = Collections.unmodifiableMap(r);
            super.complete(codes);
        }

        @Override
        public Map<String, Integer> result() {
            return result;
        }

        @Override
        public CompletableFuture<Map<String, Integer>> toCompletableFuture() {
            return userFuture(this::result);
        }
    }

    static final class Unsubscribe extends BaseToken implements UnsubscribeToken {
        @Override
        public CompletableFuture<Void> toCompletableFuture() {
            return userFuture(() -> null);
        }
    }
}
