package dev.kite.cli.mosq;

import java.util.Map;

/**
 * mosquitto's flags whose feature kite-mqtt does not have yet: OpenSSL settings, TLS-PSK,
 * binding to a local address. They fail with a message naming the missing feature; those that take
 * a value first check, as mosquitto does, that it was given.
 */
final class UnsupportedFlags {
    private UnsupportedFlags() {
    }

    static void addTo(Map<String, Flag> table) {
        Flag.add(table, l -> l.take("Error: -A argument given but no address specified.\n\n",
                v -> l.unsupported("-A", "kite-mqtt cannot bind the outgoing socket to an address")), "-A");
        Flag.add(table, l -> l.unsupported(l.flag(), "kite-mqtt takes TLS settings from the JDK, not from OpenSSL"),
                "--keyform", "--ciphers", "--tls-alpn", "--tls-engine", "--tls-engine-kpass-sha1");
        Flag.add(table, l -> l.unsupported(l.flag(), "the JDK has no TLS-PSK cipher suites"),
                "--psk", "--psk-identity");
    }
}
