package dev.kite.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The training run behind the {@code ./kite} launcher's class-data-sharing archive
 * ({@code -XX:ArchiveClassesAtExit}): {@code kite pub} and {@code kite sub} against a scripted
 * loopback peer that answers just enough MQTT 3.1.1, and {@code kite --help}, so that the archive
 * holds the classes a real {@code kite pub -t x -m y} loads. Hidden: {@code kite __cds-training}.
 */
final class CdsTraining {
    private CdsTraining() {
    }

    static int run() throws IOException {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> serve(server), "kite-cds-peer");
            peer.setDaemon(true);
            peer.start();
            String port = Integer.toString(server.getLocalPort());
            Main.runTool(new String[] {"pub", "-h", "127.0.0.1", "-p", port, "-t", "kite/cds", "-m", "x", "-q", "1"},
                    InputStream.nullInputStream(), sink, sink);
            Main.runTool(new String[] {"sub", "-h", "127.0.0.1", "-p", port, "-t", "kite/cds", "-v", "-C", "1", "-W", "5"},
                    InputStream.nullInputStream(), sink, sink);
            Kite.run(new String[] {"--help"}, InputStream.nullInputStream(), sink, sink);
        }
        return 0;
    }

    private static void serve(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    int type = in.readUnsignedByte();
                    int length = 0;
                    for (int shift = 0, b = 0x80; (b & 0x80) != 0; shift += 7) {
                        b = in.readUnsignedByte();
                        length |= (b & 0x7f) << shift;
                    }
                    byte[] body = in.readNBytes(length);
                    switch (type >> 4) {
                        case 1 -> out.write(new byte[] {0x20, 2, 0, 0});                         // CONNACK
                        case 3 -> {
                            if ((type & 0x06) != 0) {                                              // PUBACK
                                int topicLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
                                out.write(new byte[] {0x40, 2, body[2 + topicLength], body[3 + topicLength]});
                            }
                        }
                        case 8 -> {                                                                // SUBACK, then a message
                            out.write(new byte[] {(byte) 0x90, 3, body[0], body[1], 0});
                            out.write(new byte[] {0x30, 11, 0, 8, 'k', 'i', 't', 'e', '/', 'c', 'd', 's', 'x'});
                        }
                        case 12 -> out.write(new byte[] {(byte) 0xd0, 0});                        // PINGRESP
                        case 14 -> {
                            throw new IOException("disconnected");
                        }
                        default -> { }
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the next client
            }
        }
    }
}
