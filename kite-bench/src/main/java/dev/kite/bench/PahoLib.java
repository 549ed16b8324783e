package dev.kite.bench;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Eclipse Paho Java 1.2.5, asynchronous client, in-memory persistence; a completion callback is
 * an {@code IMqttActionListener} on the publish.
 */
final class PahoLib implements Lib {
    @Override
    public String name() {
        return "Paho 1.2.5";
    }

    @Override
    public Client connect(String uri, String clientId, int window) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(60);
        o.setConnectionTimeout(30);
        o.setMaxInflight(Math.max(window, 10));
        Receiver[] receiver = new Receiver[1];
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                byte[] p = message.getPayload();
                receiver[0].message(p, 0, p.length);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        c.connect(o).waitForCompletion(30_000);
        return new Client() {
            @Override
            public void subscribe(String filter, int qos, Receiver r) throws MqttException {
                receiver[0] = r;
                c.subscribe(filter, qos).waitForCompletion(10_000);
            }

            @Override
            public void publish(String topic, byte[] payload, int qos) throws MqttException {
                publish(topic, payload, qos, null);
            }

            @Override
            public void publish(String topic, byte[] payload, int qos, Runnable done) throws MqttException {
                IMqttActionListener listener = done == null ? null : new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        done.run();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable error) {
                        done.run();
                    }
                };
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (true) {
                    try {
                        c.publish(topic, payload, qos, false, null, listener);
                        return;
                    } catch (MqttException e) {
                        // Paho refuses rather than waits when its window is full: wait and retry
                        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.onSpinWait();
                        Thread.yield();
                    }
                }
            }

            @Override
            public void close() {
                try {
                    c.disconnectForcibly(0, 1000);
                    c.close();
                } catch (MqttException e) {
                    // closing
                }
            }
        };
    }
}
