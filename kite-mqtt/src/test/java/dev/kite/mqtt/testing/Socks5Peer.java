package dev.kite.mqtt.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted SOCKS5 proxy (RFC 1928, RFC 1929) that requires a user name and password. It stands
 * in for Dante's {@code socksmethod: username}, which checks system accounts: tests cannot add
 * users to the machine they run on. It relays tunnels like a real proxy and records the target
 * of each {@code CONNECT} (a host name when the client sent one, as {@code socks5h} does).
 */
public final class Socks5Peer implements AutoCloseable {
    private final ServerSocket server;
    private final String user;
    private final String password;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /** Starts on a free loopback port. */
    public Socks5Peer(String user, String password) {
        this.user = user;
        this.password = password;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::acceptLoop, "socks5-peer");
        t.setDaemon(true);
        t.start();
    }

    /** Returns the port. */
    public int port() {
        return server.getLocalPort();
    }

    /** Returns the targets of the tunnels so far, as {@code host:port}. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "socks5-peer-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            in.readUnsignedByte();
            byte[] methods = new byte[in.readUnsignedByte()];
            in.readFully(methods);
            boolean offered = false;
            for (byte m : methods) {
                offered |= m == 2;
            }
            if (!offered) {
                out.write(new byte[] {5, (byte) 0xFF});
                client.close();
                return;
            }
            out.write(new byte[] {5, 2});
            in.readUnsignedByte();
            String u = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            String p = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            boolean ok = u.equals(user) && p.equals(password);
            out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
            if (!ok) {
                client.close();
                return;
            }
            in.readUnsignedByte();
            in.readUnsignedByte();
            in.readUnsignedByte();
            int atyp = in.readUnsignedByte();
            String host;
            if (atyp == 3) {
                host = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
            } else {
                host = InetAddress.getByAddress(in.readNBytes(atyp == 1 ? 4 : 16)).getHostAddress();
            }
            int port = in.readUnsignedShort();
            targets.add(host + ":" + port);
            Socket upstream = new Socket(host, port);
            open.add(upstream);
            out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
            pump(upstream.getInputStream(), out, client, upstream);
            pump(in, upstream.getOutputStream(), client, upstream);
        } catch (IOException e) {
            close(client);
        }
    }

    private static void pump(InputStream from, OutputStream to, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException e) {
                // a side closed: close both below
            } finally {
                close(a);
                close(b);
            }
        }, "socks5-peer-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        open.forEach(Socks5Peer::close);
    }
}
