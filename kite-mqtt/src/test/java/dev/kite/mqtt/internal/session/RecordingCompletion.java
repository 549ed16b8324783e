package dev.kite.mqtt.internal.session;

import java.util.ArrayList;
import java.util.List;

/** A {@link Completion} that records how its flow ended, for assertions. */
final class RecordingCompletion implements Completion {
    private final List<String> events = new ArrayList<>();
    private Object result;
    private Throwable error;
    private int packetId;
    private int reasonCode;

    @Override
    public void complete(Object result) {
        events.add("complete");
        this.result = result;
    }

    @Override
    public void fail(Throwable error) {
        events.add("fail");
        this.error = error;
    }

    @Override
    public void fail(Object result, Throwable error) {
        this.result = result;
        fail(error);
    }

    @Override
    public void packetId(int id) {
        this.packetId = id;
    }

    @Override
    public void reasonCode(int code) {
        this.reasonCode = code;
    }

    /** Returns the reason code the flow ended with (MQTT 5.0), 0 if none was given. */
    int reasonCode() {
        return reasonCode;
    }

    /** Returns "complete" and "fail" in the order they happened; a flow should end once. */
    List<String> events() {
        return List.copyOf(events);
    }

    boolean completed() {
        return events.equals(List.of("complete"));
    }

    boolean failed() {
        return events.equals(List.of("fail"));
    }

    boolean open() {
        return events.isEmpty();
    }

    Object result() {
        return result;
    }

    Throwable error() {
        return error;
    }

    /** Returns the packet id the flow's message took, or 0 if it has none yet. */
    int packetId() {
        return packetId;
    }
}
