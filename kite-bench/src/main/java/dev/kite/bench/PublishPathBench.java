package dev.kite.bench;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Kite's publish path up to the socket buffer: a connected client publishing QoS 0 into the
 * in-process sink peer, which reads and discards. One op is one {@code publish} call; the writer
 * thread's work is in the time (the queue is bounded, so the caller waits for it) and in the
 * allocation figure (gc.alloc.rate.norm counts every thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PublishPathBench {
    @Param({"64", "4096"})
    public int size;

    private SinkPeer peer;
    private MqttClient client;
    private byte[] payload;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        peer = new SinkPeer();
        client = MqttClient.create(new ClientOptions().addBroker(peer.uri()).setClientId("jmh")
                .setAutoReconnect(false).setKeepAlive(Duration.ofSeconds(60)));
        client.connect().waitFor(Duration.ofSeconds(10));
        payload = new byte[size];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.disconnect(1000);
        peer.close();
    }

    @Benchmark
    public Object publishQos0() {
        return client.publish("bench/publish-path", 0, false, payload);
    }
}
