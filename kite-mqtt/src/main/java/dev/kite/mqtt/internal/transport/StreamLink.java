package dev.kite.mqtt.internal.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSocket;

/** A {@link Link} over a pair of blocking streams and what closes them: a socket, plain or TLS, or a channel. */
final class StreamLink implements Link {
    private final Closeable resource;
    private final String description;
    private final InputStream in;
    private final OutputStream out;

    StreamLink(Socket socket, String description) throws IOException {
        this(socket, description, socket.getInputStream(), socket.getOutputStream());
    }

    StreamLink(Closeable resource, String description, InputStream in, OutputStream out) {
        this.resource = resource;
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
    public void shutdownOutput() {
        try {
            // a TLS socket cannot half-close (it would need close_notify, which ends both ways)
            if (resource instanceof Socket s && !(s instanceof SSLSocket)) {
                s.shutdownOutput();
            } else if (resource instanceof SocketChannel ch) {
                ch.shutdownOutput();
            }
        } catch (IOException e) {
            // the connection is gone already: the close that follows has nothing to wait for
        }
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (IOException e) {
            // closing: nothing left to do with the error
        }
    }
}
