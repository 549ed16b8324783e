package dev.kite.bench.jmh;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.codec.mqtt.NettyAccess;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Kite's codec against Netty's netty-codec-mqtt on the same packets. Encoding writes into a
 * reused buffer (Kite: an OutputStream; Netty: a pooled ByteBuf, released); decoding reads one
 * whole packet from a byte array. Netty's decoder slices the PUBLISH payload (no copy); Kite
 * copies it into the message's own array, which the application keeps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBench {
    @Param({"PUBLISH_64", "PUBLISH_4K", "CONNECT", "SUBSCRIBE_10"})
    public String packet;

    private Packet kite;
    private byte[] wire;
    private final Sink sink = new Sink();
    private FrameDecoder kiteDecoder;
    private Consumer<Packet> kiteOut;
    private MqttMessage netty;
    private ChannelHandlerContext ctx;
    private MqttDecoder nettyDecoder;
    private ChannelHandlerContext decodeCtx;
    private ByteBuf wireBuf;
    private final List<Object> nettyOut = new ArrayList<>();
    private Blackhole bh;

    @Setup
    public void setup(Blackhole blackhole) {
        bh = blackhole;
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            filters.add("sensors/building-" + i + "/+/temperature");
        }
        switch (packet) {
            case "PUBLISH_64", "PUBLISH_4K" -> {
                byte[] payload = new byte[packet.equals("PUBLISH_64") ? 64 : 4096];
                kite = new Publish("sensors/building-1/floor-2/temperature", payload, 1, false, false, 42);
                netty = MqttMessageBuilders.publish().topicName("sensors/building-1/floor-2/temperature")
                        .qos(MqttQoS.AT_LEAST_ONCE).retained(false).messageId(42)
                        .payload(Unpooled.wrappedBuffer(payload)).build();
            }
            case "CONNECT" -> {
                kite = new Connect(ProtocolVersion.MQTT_3_1_1, false, true, 60, "kite-bench-client-0001",
                        null, "user", "secret".getBytes(StandardCharsets.UTF_8));
                MqttConnectMessage c = MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1)
                        .cleanSession(true).keepAlive(60).clientId("kite-bench-client-0001")
                        .hasUser(true).username("user").hasPassword(true)
                        .password("secret".getBytes(StandardCharsets.UTF_8)).build();
                netty = c;
            }
            case "SUBSCRIBE_10" -> {
                List<Subscribe.Subscription> subs = new ArrayList<>();
                MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe().messageId(7);
                for (String f : filters) {
                    subs.add(new Subscribe.Subscription(f, 1));
                    b.addSubscription(MqttQoS.AT_LEAST_ONCE, f);
                }
                kite = new Subscribe(7, subs);
                netty = b.build();
            }
            default -> throw new IllegalArgumentException(packet);
        }
        wire = Encoder.encode(kite);
        kiteDecoder = new FrameDecoder(1 << 20);
        kiteOut = bh::consume;
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter());
        ctx = ch.pipeline().firstContext();
        nettyDecoder = new MqttDecoder(1 << 20);
        EmbeddedChannel dch = new EmbeddedChannel(nettyDecoder);
        decodeCtx = dch.pipeline().firstContext();
        wireBuf = Unpooled.wrappedBuffer(wire);
    }

    @Benchmark
    public int kiteEncode() throws IOException {
        sink.n = 0;
        Encoder.write(kite, sink);
        return sink.n;
    }

    @Benchmark
    public int nettyEncode() {
        ByteBuf b = NettyAccess.encode(ctx, netty);
        int n = b.readableBytes();
        b.release();
        return n;
    }

    @Benchmark
    public void kiteDecode() {
        kiteDecoder.feed(wire, 0, wire.length, kiteOut);
    }

    @Benchmark
    public void nettyDecode() throws Exception {
        wireBuf.readerIndex(0);
        NettyAccess.decode(nettyDecoder, decodeCtx, wireBuf, nettyOut);
        for (Object o : nettyOut) {
            bh.consume(o);
            ReferenceCountUtil.release(o);
        }
        nettyOut.clear();
    }

    /** A reused, unsynchronized buffer: what a writer thread's own buffer costs. */
    static final class Sink extends OutputStream {
        byte[] buf = new byte[8192];
        int n;

        @Override
        public void write(int b) {
            if (n == buf.length) {
                n = 0;
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > buf.length - n) {
                n = 0;
            }
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }
    }
}
