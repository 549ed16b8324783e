package dev.kite.mqtt.internal.transport;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Credentials in addresses and in memory: the one way Kite writes an address that may hold user
 * information ({@code scheme://****@host:port}), RFC 3986 decoding of that user information, and
 * UTF-8 encoding of passwords that leaves no copy behind.
 */
public final class Secrets {
    /** What stands for the user information of an address in every message. */
    public static final String MASK = "****@";

    private Secrets() {
    }

    /**
     * Writes an address for messages and logs, user information masked.
     *
     * @param scheme the scheme
     * @param credentials whether the address carries user information
     * @param rest what follows the user information: host, port, path
     * @return {@code scheme://****@rest}, or {@code scheme://rest} without credentials
     */
    public static String address(String scheme, boolean credentials, String rest) {
        return scheme + "://" + (credentials ? MASK : "") + rest;
    }

    /**
     * Writes a URI for messages and logs without its user information, also where
     * {@link URI#getUserInfo()} finds none because the authority is not a host ({@code unix://u:p@/path},
     * a host with {@code '_'}). With user information, the query and fragment are left out too.
     *
     * @param uri a broker URI
     * @return the URI, user information masked
     */
    public static String redact(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.indexOf('@') < 0) {
            return uri.toString();
        }
        if (uri.getScheme() == null) {
            return redact(uri.toString());
        }
        return address(uri.getScheme(), true, authority.substring(authority.lastIndexOf('@') + 1) + rawPath(uri));
    }

    private static String rawPath(URI uri) {
        return uri.getRawPath() == null ? "" : uri.getRawPath();
    }

    /**
     * Masks the user information of an address that may not even parse: everything between
     * {@code ://} (or the start) and the last {@code '@'}. A path holding {@code '@'} is masked
     * too, which errs on the safe side.
     *
     * @param address an address as the caller wrote it
     * @return the address without anything that could be a password
     */
    public static String redact(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return address;
        }
        int start = address.indexOf("://");
        start = start < 0 || start > at ? 0 : start + 3;
        return address.substring(0, start) + MASK + address.substring(at + 1);
    }

    /**
     * Returns the user name of raw (still percent-encoded) user information: what precedes the
     * first {@code ':'}, percent-decoded as RFC 3986 says (a {@code '+'} stays a {@code '+'}).
     *
     * @param rawUserInfo as {@link URI#getRawUserInfo()}, well-formed escapes
     * @return the user name
     */
    public static String user(String rawUserInfo) {
        int colon = rawUserInfo.indexOf(':');
        byte[] user = percentDecode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
        return new String(user, StandardCharsets.UTF_8);
    }

    /**
     * Returns the password of raw user information as bytes: what follows the first {@code ':'},
     * percent-decoded as RFC 3986 says; the caller clears the array when done.
     *
     * @param rawUserInfo as {@link URI#getRawUserInfo()}, well-formed escapes
     * @return the password bytes, or {@code null} without a {@code ':'}
     */
    public static byte[] password(String rawUserInfo) {
        int colon = rawUserInfo.indexOf(':');
        return colon < 0 ? null : percentDecode(rawUserInfo.substring(colon + 1));
    }

    /**
     * RFC 3986 section 2.1: {@code %XX} is the octet XX, every other character stands for its
     * UTF-8; no {@code '+'} rule, which belongs to HTML forms. The work array is cleared.
     */
    private static byte[] percentDecode(String s) {
        byte[] work = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (s.charAt(i) == '%' && lo >= 0) {
                work[n++] = (byte) (hi * 16 + lo);
                i += 3;
            } else {
                int end = i + Character.charCount(s.codePointAt(i));
                byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, work, n, utf8.length);
                n += utf8.length;
                i = end;
            }
        }
        byte[] decoded = Arrays.copyOf(work, n);
        Arrays.fill(work, (byte) 0);
        return decoded;
    }

    /**
     * Encodes characters as UTF-8 without going through a {@link String} (which could not be
     * cleared) and clears the encoder's buffer; the caller clears the result when done. A lone
     * surrogate is encoded as {@code '?'}, as {@link String#getBytes} would.
     *
     * @param chars the characters, left as they are
     * @return their UTF-8 bytes
     */
    public static byte[] utf8(char[] chars) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer buffer;
        try {
            buffer = encoder.encode(CharBuffer.wrap(chars));
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("UTF-8 with REPLACE cannot fail", e);
        }
        byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
                buffer.arrayOffset() + buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
