package dev.kite.mqtt.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The {@code no_proxy} rules of golang.org/x/net/proxy {@code PerHost}. */
final class NoProxy {
    private NoProxy() {
    }

    static boolean matches(String rule, String host) {
        if (rule.equals("*")) {
            return true;
        }
        int slash = rule.indexOf('/');
        if (slash > 0) {
            return inCidr(rule.substring(0, slash), rule.substring(slash + 1), host);
        }
        if (rule.startsWith("*.")) {
            rule = rule.substring(1);
        }
        if (rule.startsWith(".")) {
            return host.endsWith(rule) || host.equals(rule.substring(1));
        }
        return host.equals(rule);
    }

    private static boolean inCidr(String net, String bits, String host) {
        if (!isLiteral(host) || !isLiteral(net)) {
            return false;
        }
        try {
            byte[] a = InetAddress.getByName(net).getAddress();
            byte[] b = InetAddress.getByName(host).getAddress();
            int n = Integer.parseInt(bits);
            if (a.length != b.length || n < 0 || n > a.length * 8) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** True for IPv4 and IPv6 literals: getByName then does no lookup. */
    private static boolean isLiteral(String s) {
        return s.contains(":") || s.matches("[0-9.]+");
    }
}
