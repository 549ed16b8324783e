package dev.kite.mqtt.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A {@link Link} over a connected socket, plain or TLS. */
final class SocketLink implements Link {
    private final Socket socket;
    private final String description;
    private final InputStream in;
    private final OutputStream out;

    SocketLink(Socket socket, String description) throws IOException {
        this(socket, description, socket.getInputStream(), socket.getOutputStream());
    }

    SocketLink(Socket socket, String description, InputStream in, OutputStream out) {
        this.socket = socket;
        this.description = description;
        this.in = in;
        this.out = out;
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do with the error
        }
    }
}
