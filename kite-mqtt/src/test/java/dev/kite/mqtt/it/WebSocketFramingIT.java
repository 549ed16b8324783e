package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.testing.Recorder;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How MQTT packets sit in WebSocket frames is up to the sender: a scripted WebSocket server sends
 * CONNACK and a PUBLISH in one message with the start of the next PUBLISH, the rest of it in a
 * second message, and a third PUBLISH fragmented over two frames. The client sees one stream.
 */
class WebSocketFramingIT {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    @Test
    void packetsAcrossAndWithinMessages() throws Exception {
        byte[] connack = {0x20, 2, 0, 0};
        byte[] p1 = publish("t/1", "one");
        byte[] p2 = publish("t/2", "two");
        byte[] p3 = publish("t/3", "three");
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    String head = readHead(in);
                    String key = head.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                            .findFirst().orElseThrow().substring(18).trim();
                    String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    readClientFrame(in);
                    out.write(frame(0x82, concat(connack, p1, Arrays.copyOf(p2, 4))));
                    out.write(frame(0x82, Arrays.copyOfRange(p2, 4, p2.length)));
                    out.write(frame(0x02, Arrays.copyOf(p3, 5)));
                    out.write(frame(0x80, Arrays.copyOfRange(p3, 5, p3.length)));
                    out.flush();
                    done.await(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Recorder rec = new Recorder();
            ClientOptions opts = new ClientOptions().addBroker("ws://127.0.0.1:" + server.getLocalPort() + "/mqtt")
                    .setDefaultPublishHandler(rec).setAutoReconnect(false).setConnectTimeout(RoundTrip.WAIT);
            try (MqttClient c = MqttClient.create(opts)) {
                c.connect().await();
                rec.awaitCount(3, RoundTrip.WAIT);
                assertThat(rec.payloads()).containsExactly("one", "two", "three");
            } finally {
                done.countDown();
            }
            peer.get(10, TimeUnit.SECONDS);
        }
    }

    private static byte[] publish(String topic, String payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {0x30, (byte) (2 + t.length + p.length), 0, (byte) t.length}, t, p);
    }

    private static byte[] frame(int first, byte[] payload) {
        return concat(new byte[] {(byte) first, (byte) payload.length}, payload);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void readClientFrame(DataInputStream in) throws Exception {
        in.readUnsignedByte();
        int len = in.readUnsignedByte() & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = (int) in.readLong();
        }
        in.readFully(new byte[4 + len]);
    }

    private static String readHead(DataInputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
