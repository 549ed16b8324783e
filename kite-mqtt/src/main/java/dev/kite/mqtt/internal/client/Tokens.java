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
import java.util.concurrent.Executor;
import java.util.concurrent.Executor;

/**
 * The token types with results, each with its typed {@code toCompletableFuture()}: the result is
 * set before the token completes, so the user's future reads it afterwards.
 */
final class Tokens {
    private Tokens() {
    }

    /** Maps each filter to its code, in order; {@code missing} where the packet had none (a 3.1.1 UNSUBACK). */
    @SuppressWarnings("unchecked")
    private static Map<String, Integer> byFilter(List<String> filters, Object codes, int missing) {
        List<Integer> list = codes == null ? List.of() : (List<Integer>) codes;
        Map<String, Integer> r = new LinkedHashMap<>();
        for (int i = 0; i < filters.size(); i++) {
            r.put(filters.get(i), i < list.size() ? list.get(i) : missing);
        }
        return Collections.unmodifiableMap(r);
    }

    static final class Connect extends BaseToken implements ConnectToken {
        private volatile int returnCode = -1;
        private volatile boolean sessionPresent;
        private volatile ConnackProperties connack = ConnackProperties.DEFAULTS;

        Connect() {
        }

        Connect(Executor callbacks) {
            super(callbacks);
        }

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
        private volatile int reasonCode;

        Publish() {
        }

        Publish(Executor callbacks) {
            super(callbacks);
        }

        @Override
        public void packetId(int id) {
            this.messageId = id;
        }

        @Override
        public int messageId() {
            return messageId;
        }

        @Override
        public void reasonCode(int code) {
            this.reasonCode = code;
        }

        @Override
        public int reasonCode() {
            return reasonCode;
        }

        @Override
        public CompletableFuture<Void> toCompletableFuture() {
            return userFuture(() -> null);
        }
    }

    /** A token whose result maps each filter of its request to the code the broker answered. */
    private abstract static class ByFilter extends BaseToken {
        private final List<String> filters;
        private final int missing;
        private volatile Map<String, Integer> result = Map.of();

        ByFilter(List<String> filters, int missing, Executor callbacks) {
            super(callbacks);
            this.filters = filters;
            this.missing = missing;
        }

        @Override
        public void complete(Object codes) {
            result = byFilter(filters, codes, missing);
            super.complete(codes);
        }

        @Override
        public void fail(Object codes, Throwable error) {
            result = byFilter(filters, codes, missing);
            super.fail(error);
        }

        public Map<String, Integer> result() {
            return result;
        }
    }

    static final class Subscribe extends ByFilter implements SubscribeToken {
        Subscribe(List<String> filters, Executor callbacks) {
            super(filters, 0x80, callbacks);
        }

        @Override
        public CompletableFuture<Map<String, Integer>> toCompletableFuture() {
            return userFuture(this::result);
        }
    }

    static final class Unsubscribe extends ByFilter implements UnsubscribeToken {
        Unsubscribe(List<String> filters, Executor callbacks) {
            super(filters, 0, callbacks);
        }

        @Override
        public CompletableFuture<Void> toCompletableFuture() {
            return userFuture(() -> null);
        }
    }
}
