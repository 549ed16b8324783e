package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.internal.transport.Link;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;

/** A link whose broker answers CONNECT with the given bytes and takes whatever is written. */
record ScriptedLink(URI uri, byte[] reply) implements Link {
    @Override
    public InputStream input() {
        return new ByteArrayInputStream(reply);
    }

    @Override
    public OutputStream output() {
        return new ByteArrayOutputStream();
    }

    @Override
    public String describe() {
        return uri.toString();
    }

    @Override
    public void close() {
    }
}
