package dev.kite.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.net.URI;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ MQTT Client 1.3.10, MQTT 3.1.1 asynchronous API. It queues without bound, so a semaphore
 * keeps QoS 1/2 publishes within the window and QoS 0 within 10,000 outstanding.
 */
final class HiveLib implements Lib {
    @Override
    public String name() {
        return "HiveMQ 1.3.10";
    }

    @Override
    public Client connect(String uri, String clientId, int window) throws Exception {
        URI u = URI.create(uri);
        Mqtt3AsyncClient c = Mqtt3Client.builder().identifier(clientId).serverHost(u.getHost())
                .serverPort(u.getPort()).buildAsync();
        c.connectWith().cleanSession(true).keepAlive(60).send().get(30, TimeUnit.SECONDS);
        Semaphore qos0 = new Semaphore(10_000);
        Semaphore qos12 = new Semaphore(window);
        return new Client() {
            @Override
            public void subscribe(String filter, int qos, Receiver r) throws Exception {
                c.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).callback(p -> {
                    byte[] b = p.getPayloadAsBytes();
                    r.message(b, 0, b.length);
                }).send().get(10, TimeUnit.SECONDS);
            }

            @Override
            public void publish(String topic, byte[] payload, int qos) throws InterruptedException {
                Semaphore s = qos == 0 ? qos0 : qos12;
                if (!s.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("HiveMQ: no room for 30 s");
                }
                c.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(payload).send()
                        .whenComplete((r, e) -> s.release());
            }

            @Override
            public void publish(String topic, byte[] payload, int qos, Runnable done) {
                c.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(payload).send()
                        .whenComplete((r, e) -> done.run());
            }

            @Override
            public void close() {
                try {
                    c.disconnect().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // closing
                }
            }
        };
    }
}
