package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.MqttProtocolException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over the body (variable header and payload) of one received packet. Every read
 * checks the bytes are there, so a remaining length too short for the packet's fields is
 * reported as malformed rather than read past. One reader, and its UTF-8 decoder, is reused for
 * every packet of a connection; it is not thread-safe.
 */
final class PacketReader {
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf;
    private int pos;
    private int limit;
    private String packet;

    /** Points the reader at a packet body of {@code length} bytes; {@code packet} names it in errors. */
    void reset(byte[] body, int length, String packetName) {
        this.buf = body;
        this.pos = 0;
        this.limit = length;
        this.packet = packetName;
    }

    /** Returns the name of the packet being read, such as {@code "PUBLISH"}. */
    String packet() {
        return packet;
    }

    int remaining() {
        return limit - pos;
    }

    int u8(String field) {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    int u16(String field) {
        need(2, field);
        int v = (buf[pos] & 0xFF) << 8 | buf[pos + 1] & 0xFF;
        pos += 2;
        return v;
    }

    /** Reads a Four Byte Integer (MQTT 5.0, section 1.5.3). */
    long u32(String field) {
        need(4, field);
        long v = (long) u16(field) << 16;
        return v | u16(field);
    }

    /**
     * Reads a Variable Byte Integer (MQTT 5.0, section 1.5.5): at most four bytes, and no more
     * than the value needs [MQTT-1.5.5-1].
     */
    int varInt(String field) {
        int value = 0;
        for (int i = 0; i < VarInt.MAX_BYTES; i++) {
            int b = u8(field);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw malformed(field + ": variable byte integer has a redundant trailing 0x00 byte; it must use"
                            + " the fewest bytes [MQTT-1.5.5-1]");
                }
                return value;
            }
        }
        throw malformed(field + ": variable byte integer takes more than 4 bytes (section 1.5.5)");
    }

    /** Reads a packet id, which must not be 0 [MQTT-2.3.1-1]. */
    int packetId() {
        int id = u16("packet id");
        if (id == 0) {
            throw malformed("packet id 0, must be 1 to 65535 [MQTT-2.3.1-1]");
        }
        return id;
    }

    /**
     * Reads a length-prefixed UTF-8 string: well-formed [MQTT-1.5.3-1] and free of U+0000
     * [MQTT-1.5.3-2]. A string of ASCII bytes skips the charset decoder.
     */
    String string(String field) {
        int n = u16(field + " length");
        need(n, field);
        int start = pos;
        pos += n;
        boolean ascii = true;
        for (int i = start; i < start + n; i++) {
            byte b = buf[i];
            if (b == 0) {
                throw malformed(field + " contains U+0000 at byte " + (i - start) + " [MQTT-1.5.3-2]");
            }
            ascii &= b > 0;
        }
        if (ascii) {
            return new String(buf, start, n, StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(buf, start, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw malformed(field + " is not well-formed UTF-8 [MQTT-1.5.3-1]", e);
        }
    }

    /** Reads length-prefixed binary data into its own array. */
    byte[] binary(String field) {
        return bytes(u16(field + " length"), field);
    }

    /** Copies out the rest of the body, exactly sized. */
    byte[] rest() {
        return bytes(remaining(), "payload");
    }

    private byte[] bytes(int n, String field) {
        need(n, field);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** Fails if bytes are left after the last field of a packet whose length the spec fixes. */
    void end() {
        if (pos != limit) {
            throw malformed((limit - pos) + " bytes left over after the last field; remaining length "
                    + limit + " does not match the content (section 2.2.3)");
        }
    }

    MqttProtocolException malformed(String what) {
        return new MqttProtocolException(packet + ": " + what);
    }

    MqttProtocolException malformed(String what, Throwable cause) {
        return new MqttProtocolException(packet + ": " + what, cause);
    }

    /** An MQTT 5.0 error with the reason code the client's DISCONNECT should carry, such as 0x82. */
    MqttProtocolException error(String what, int reasonCode) {
        return new MqttProtocolException(packet + ": " + what, reasonCode, null);
    }

    private void need(int n, String field) {
        if (limit - pos < n) {
            throw malformed("remaining length " + limit + " is too short for the " + field + " (needs "
                    + n + " bytes at offset " + pos + ", has " + (limit - pos) + ") (section 2.2.3)");
        }
    }
}
