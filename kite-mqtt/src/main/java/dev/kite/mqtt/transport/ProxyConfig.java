package dev.kite.mqtt.transport;

import dev.kite.mqtt.internal.transport.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A proxy to tunnel broker connections through: SOCKS5 or HTTP {@code CONNECT}, with optional
 * credentials, and hosts that bypass it. Credentials never appear in {@link #toString()}, logs or
 * error messages.
 *
 * <pre>{@code
 * ProxyConfig p = ProxyConfig.socks5("proxy.example", 1080).withCredentials("me", secret);
 * ProxyConfig q = ProxyConfig.parse("http://proxy.example:3128");
 * ProxyConfig env = ProxyConfig.fromEnvironment(); // all_proxy / no_proxy, as paho.mqtt.golang
 * }</pre>
 *
 * @since 0.1
 */
public final class ProxyConfig {
    /** No proxy: connect directly. */
    public static final ProxyConfig NONE = new ProxyConfig(Type.NONE, null, 0, false, null, null, List.of());

    /** The kind of proxy. */
    public enum Type {
        /** Direct connection. */
        NONE,
        /** SOCKS version 5 (RFC 1928), user name and password per RFC 1929. */
        SOCKS5,
        /** An HTTP proxy that tunnels with {@code CONNECT}, basic credentials. */
        HTTP
    }

    private final Type type;
    private final String host;
    private final int port;
    private final boolean remoteDns;
    private final String username;
    private final char[] password;
    private final List<String> bypass;

    private ProxyConfig(Type type, String host, int port, boolean remoteDns, String username, char[] password,
            List<String> bypass) {
        this.type = type;
        this.host = host;
        this.port = port;
        this.remoteDns = remoteDns;
        this.username = username;
        this.password = password;
        this.bypass = List.copyOf(bypass);
    }

    /**
     * Returns a SOCKS5 proxy that resolves broker names locally ({@code socks5://}).
     *
     * @param host the proxy's host
     * @param port the proxy's port, 1 to 65535
     * @return the proxy
     * @throws IllegalArgumentException if the host is blank or the port out of range
     */
    public static ProxyConfig socks5(String host, int port) {
        return new ProxyConfig(Type.SOCKS5, checkHost(host), checkPort(port), false, null, null, List.of());
    }

    /**
     * Returns an HTTP {@code CONNECT} proxy.
     *
     * @param host the proxy's host
     * @param port the proxy's port, 1 to 65535
     * @return the proxy
     * @throws IllegalArgumentException if the host is blank or the port out of range
     */
    public static ProxyConfig http(String host, int port) {
        return new ProxyConfig(Type.HTTP, checkHost(host), checkPort(port), false, null, null, List.of());
    }

    /**
     * Parses a proxy URL: {@code socks5://}, {@code socks5h://} (the proxy resolves broker names)
     * or {@code http://}, with optional {@code user:password@}. Percent-escapes in the user
     * information are decoded.
     *
     * @param url the URL
     * @return the proxy
     * @throws IllegalArgumentException if it does not parse or the scheme is not one of those; the
     *     message never contains the credentials
     */
    public static ProxyConfig parse(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("proxy URL does not parse (it is not repeated here: it may hold a password)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("proxy URL with scheme '" + scheme + "' has no host");
        }
        ProxyConfig p = switch (scheme) {
            case "socks5" -> socks5(uri.getHost(), uri.getPort() < 0 ? 1080 : uri.getPort());
            case "socks5h" -> socks5(uri.getHost(), uri.getPort() < 0 ? 1080 : uri.getPort()).withRemoteDns();
            case "http" -> http(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
            default -> throw new IllegalArgumentException("proxy scheme '" + scheme
                    + "' is not supported, supported: socks5, socks5h, http");
        };
        String info = uri.getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            String user = colon < 0 ? info : info.substring(0, colon);
            char[] pass = colon < 0 ? new char[0] : info.substring(colon + 1).toCharArray();
            p = p.withCredentials(user, pass);
            Arrays.fill(pass, '\0');
        }
        return p;
    }

    /**
     * Reads the environment as paho.mqtt.golang does (golang.org/x/net/proxy
     * {@code FromEnvironment}): {@code all_proxy} or {@code ALL_PROXY} names the proxy;
     * {@code no_proxy} or {@code NO_PROXY} lists hosts to reach directly (see
     * {@link #withBypass(String)}).
     *
     * @return the proxy, or {@link #NONE} if {@code all_proxy} is unset or empty
     * @throws IllegalArgumentException if {@code all_proxy} is set but does not parse
     */
    public static ProxyConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads proxy settings from the given variables, as {@link #fromEnvironment()}.
     *
     * @param env the variables
     * @return the proxy, or {@link #NONE}
     * @throws IllegalArgumentException if {@code all_proxy} is set but does not parse
     */
    public static ProxyConfig fromEnvironment(Map<String, String> env) {
        String all = firstSet(env, "all_proxy", "ALL_PROXY");
        if (all == null) {
            return NONE;
        }
        ProxyConfig p;
        try {
            p = parse(all);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("all_proxy: " + e.getMessage(), e);
        }
        String no = firstSet(env, "no_proxy", "NO_PROXY");
        return no == null ? p : p.withBypass(no);
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /**
     * Returns a copy that authenticates with a user name and password (SOCKS5 RFC 1929, or HTTP
     * basic). The password array is copied.
     *
     * @param user the user name
     * @param pass the password
     * @return the copy
     * @throws IllegalStateException on {@link #NONE}
     */
    public ProxyConfig withCredentials(String user, char[] pass) {
        requireProxy();
        return new ProxyConfig(type, host, port, remoteDns, Objects.requireNonNull(user, "user"),
                Objects.requireNonNull(pass, "pass").clone(), bypass);
    }

    /**
     * Returns a copy of a SOCKS5 proxy that sends broker host names to the proxy to resolve
     * ({@code socks5h://}). An HTTP proxy always resolves names itself.
     *
     * @return the copy
     */
    public ProxyConfig withRemoteDns() {
        requireProxy();
        return new ProxyConfig(type, host, port, true, username, password, bypass);
    }

    /**
     * Returns a copy that connects directly to the listed hosts, in {@code no_proxy} syntax: a
     * comma-separated list of host names (exact), {@code .zone} or {@code *.zone} (the zone and
     * its subdomains), IP addresses, CIDR blocks ({@code 10.0.0.0/8}), or {@code *} (all).
     *
     * @param noProxy the list
     * @return the copy
     */
    public ProxyConfig withBypass(String noProxy) {
        requireProxy();
        List<String> list = new ArrayList<>(bypass);
        for (String s : noProxy.split(",")) {
            if (!s.isBlank()) {
                list.add(s.trim().toLowerCase(Locale.ROOT));
            }
        }
        return new ProxyConfig(type, host, port, remoteDns, username, password, list);
    }

    /**
     * Returns whether a connection to {@code brokerHost} goes through this proxy: false for
     * {@link #NONE} and for bypassed hosts.
     *
     * @param brokerHost the broker's host name or address
     * @return whether to tunnel
     */
    public boolean appliesTo(String brokerHost) {
        if (type == Type.NONE) {
            return false;
        }
        String h = brokerHost.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        for (String rule : bypass) {
            if (NoProxy.matches(rule, h)) {
                return false;
            }
        }
        return true;
    }

    private void requireProxy() {
        if (type == Type.NONE) {
            throw new IllegalStateException("ProxyConfig.NONE takes no settings");
        }
    }

    /** Returns the kind of proxy. */
    public Type type() {
        return type;
    }

    /** Returns the proxy's host, or {@code null} for {@link #NONE}. */
    public String host() {
        return host;
    }

    /** Returns the proxy's port, or 0 for {@link #NONE}. */
    public int port() {
        return port;
    }

    /** Returns whether a SOCKS5 proxy resolves broker names ({@code socks5h}). */
    public boolean remoteDns() {
        return remoteDns;
    }

    /** Returns the user name, or {@code null} without credentials. */
    public String username() {
        return username;
    }

    /** Returns a copy of the password, or {@code null} without credentials. */
    public char[] password() {
        return password == null ? null : password.clone();
    }

    /** Returns the bypass rules, lower case. */
    public List<String> bypass() {
        return bypass;
    }

    /** Describes the proxy without its credentials, e.g. {@code socks5h://****@proxy:1080}. */
    @Override
    public String toString() {
        if (type == Type.NONE) {
            return "ProxyConfig[NONE]";
        }
        String scheme = type == Type.HTTP ? "http" : remoteDns ? "socks5h" : "socks5";
        return "ProxyConfig[" + Secrets.address(scheme, username != null, host + ":" + port)
                + (bypass.isEmpty() ? "" : ", bypass=" + bypass) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyConfig p && p.type == type && Objects.equals(p.host, host) && p.port == port
                && p.remoteDns == remoteDns && Objects.equals(p.username, username)
                && Arrays.equals(p.password, password) && p.bypass.equals(bypass);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, host, port, remoteDns, username, bypass);
    }

    private static String checkHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("proxy host must not be blank");
        }
        return host;
    }

    private static int checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("proxy port " + port + " must be 1 to 65535");
        }
        return port;
    }
}
