package dev.kite.mqtt.internal.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns the JDK's TLS failures into reasons a user can act on: unknown CA, host name mismatch,
 * expired certificate, client certificate refused or missing.
 */
final class TlsErrors {
    private TlsErrors() {
    }

    /** Returns why a handshake with {@code host} failed, in plain words, ending with the JDK's text. */
    static String explain(Throwable failure, String host) {
        String jdk = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return reason(failure, host) + " [" + jdk + "]";
    }

    private static String reason(Throwable failure, String host) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "the broker's certificate has expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "the broker's certificate is not valid yet";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof CertPathBuilderException || m.contains("unable to find valid certification path")) {
                return "unknown CA: the broker's certificate is not signed by a trusted CA";
            }
            if (m.contains("no subject alternative") || m.contains("no name matching")) {
                return "host name mismatch: the broker's certificate is not for '" + host + "'";
            }
            if (m.contains("certificate_required")) {
                return "the broker requires a client certificate and none was sent";
            }
            if (m.contains("bad_certificate") || m.contains("unknown_ca") || m.contains("certificate_unknown")
                    || m.contains("decrypt_error")) {
                return "the broker refused the client certificate (or needs one)";
            }
            if (m.contains("protocol_version") || m.contains("no appropriate protocol")) {
                return "no TLS version in common with the broker";
            }
            if (m.contains("handshake_failure")) {
                return "the broker ended the handshake (no common cipher suite, or a client certificate is required)";
            }
        }
        return "TLS failure";
    }

    /**
     * Wraps the input of a TLS link: with TLS 1.3 the broker checks the client certificate after
     * the client finished its handshake, so a refusal arrives at the first read, not in
     * {@code startHandshake}; this names it there too.
     */
    static InputStream explaining(InputStream in, String host) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (SSLException e) {
                    throw new SSLException(explain(e, host), e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (SSLException e) {
                    throw new SSLException(explain(e, host), e);
                }
            }
        };
    }

    /**
     * Wraps the output of a TLS link: when the broker refuses the client certificate after the
     * handshake (TLS 1.3) and closes, the first write may fail with a bare "Broken pipe" while
     * the broker's alert waits unread. On a failed write this reads briefly to surface the alert.
     */
    static java.io.OutputStream explaining(java.io.OutputStream out, javax.net.ssl.SSLSocket socket, String host) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (SSLException e) {
                    throw new SSLException(explain(e, host), e);
                } catch (IOException e) {
                    throw alertOr(e);
                }
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            private IOException alertOr(IOException writeFailure) {
                try {
                    socket.setSoTimeout(200);
                    socket.getInputStream().read();
                } catch (SSLException alert) {
                    SSLException explained = new SSLException(explain(alert, host), alert);
                    explained.addSuppressed(writeFailure);
                    return explained;
                } catch (IOException | RuntimeException other) {
                    // no alert to report: the write failure stands
                }
                return writeFailure;
            }
        };
    }
}
