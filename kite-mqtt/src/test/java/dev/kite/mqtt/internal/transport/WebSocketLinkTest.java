package dev.kite.mqtt.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Flow control and stream semantics of the WebSocket bridge, with a fake WebSocket. */
class WebSocketLinkTest {
    private final AtomicInteger requested = new AtomicInteger();
    private final FakeWebSocket ws = new FakeWebSocket();

    @Test
    void stopsRequestingPastTheLimitAndResumesWhenDrained() throws Exception {
        WebSocketLink link = new WebSocketLink("ws://test", 10, 100);
        link.onOpen(ws);
        assertThat(requested).hasValue(1);
        link.onBinary(ws, ByteBuffer.wrap(new byte[6]), true);
        assertThat(requested).hasValue(2);
        link.onBinary(ws, ByteBuffer.wrap(new byte[6]), true);
        assertThat(requested).as("12 bytes wait, limit 10: no more requests").hasValue(2);
        byte[] buf = new byte[6];
        assertThat(link.input().read(buf)).isEqualTo(6);
        assertThat(requested).as("drained to 6 < 10: one more request").hasValue(3);
    }

    @Test
    void readsAcrossMessagesAndSeesEndOfStream() throws Exception {
        WebSocketLink link = new WebSocketLink("ws://test", 1000, 100);
        link.onOpen(ws);
        link.onBinary(ws, ByteBuffer.wrap(new byte[] {1, 2}), false);
        link.onBinary(ws, ByteBuffer.wrap(new byte[] {3}), true);
        link.onClose(ws, 1000, "");
        assertThat(link.input().readAllBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void writesSplitIntoMessagesOfAtMostTheWriteSize() throws Exception {
        WebSocketLink link = new WebSocketLink("ws://test", 1000, 4);
        link.onOpen(ws);
        link.output().write(new byte[10]);
        assertThat(ws.sent).hasValue(3);
    }

    private final class FakeWebSocket implements WebSocket {
        final AtomicInteger sent = new AtomicInteger();

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            sent.incrementAndGet();
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {
            requested.addAndGet((int) n);
        }

        @Override
        public String getSubprotocol() {
            return "mqtt";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
        }
    }
}
