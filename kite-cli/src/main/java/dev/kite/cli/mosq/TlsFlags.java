package dev.kite.cli.mosq;

import java.util.Map;

/**
 * TLS flags. As in mosquitto, a CA ({@code --cafile}, {@code --capath}) turns TLS on; the files are
 * read later, by {@link ToolClient#prepareTransport()}. TLS flags kite does not support are in
 * {@link UnsupportedFlags}.
 */
final class TlsFlags {
    private TlsFlags() {
    }

    static void addTo(Map<String, Flag> table) {
        Flag.add(table, l -> l.set("Error: --cafile argument given but no file specified.\n\n",
                v -> l.cfg.cafile = v), "--cafile");
        Flag.add(table, l -> l.set("Error: --capath argument given but no directory specified.\n\n",
                v -> l.cfg.capath = v), "--capath");
        Flag.add(table, l -> l.set("Error: --cert argument given but no file specified.\n\n",
                v -> l.cfg.certfile = v), "--cert");
        Flag.add(table, l -> l.set("Error: --key argument given but no file specified.\n\n",
                v -> l.cfg.keyfile = v), "--key");
        // the version is checked once the whole line is read, in ArgParser.parse
        Flag.add(table, l -> l.set("Error: --tls-version argument given but no version specified.\n\n",
                v -> l.cfg.tlsVersion = v), "--tls-version");
        Flag.add(table, Flag.toggle(c -> c.insecure = true), "--insecure");
        Flag.add(table, Flag.toggle(c -> c.tlsUseOsCerts = true), "--tls-use-os-certs");
    }
}
