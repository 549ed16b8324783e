package dev.kite.cli.mosq;

/** The {@code --help} texts of kite pub and kite sub: mosquitto's, with what kite lacks listed. */
final class Usage {
    private Usage() {
    }

    private static final String TRANSPORT = """

             --cafile : path to a file containing trusted CA certificates to enable encrypted
                        communication (TLS); the default port becomes 8883.
             --capath : path to a directory containing trusted CA certificates to enable encrypted
                        communication (TLS); every certificate file in it is trusted.
             --cert : client certificate for authentication, if required by server (PEM).
             --key : client private key for authentication, if required by server (PEM: PKCS#8,
                     or PKCS#1 RSA; unencrypted).
             --insecure : do not check that the server certificate hostname matches the remote
                          hostname (the chain is still checked). Using this option means that you
                          cannot be sure that the remote host is the server you wish to connect to.
             --tls-version : TLS protocol version, one of tlsv1.3 tlsv1.2 or tlsv1.1.
                             Defaults to TLS v1.3 or v1.2, whichever the server prefers.
             --tls-use-os-certs : trust the JVM's CA certificates (TLS on, port 8883).
             --unix : connect to a broker through a unix domain socket instead of a TCP socket,
                      e.g. /tmp/mosquitto.sock
             --proxy : SOCKS5 proxy URL of the form:
                       socks5h://[username[:password]@]hostname[:port]
                       Only "none" and "username" authentication is supported.
             -L also takes mqtts://... (TLS, port 8883, the JVM's CAs unless --cafile), and, as a
                kite extension, ws://[user[:pass]@]host[:port][/path] and wss://... (WebSocket;
                the topic comes from -t).

            Not supported (the command fails with exit code 1 and says why):
             -D connect authentication-data without a method, -D publish topic-alias, -D subscribe user-property,
                -D unsubscribe ..., -D disconnect ... : kite-mqtt cannot send these properties yet.
             --keyform --ciphers --tls-alpn --tls-engine --tls-engine-kpass-sha1 : OpenSSL settings.
             --psk --psk-identity : the JDK has no TLS-PSK.
             -A : binding the outgoing socket is not in kite-mqtt.
            """;

    static String pub(String version) {
        return "kite pub is a simple mqtt client that will publish a message on a single topic and exit.\n"
                + "kite pub version " + version + " (flags, output and exit codes of mosquitto_pub 2.0).\n"
                + """

            Usage: kite pub {[-h host] [-p port] [-u username] [-P password] -t topic | -L URL}
                            {-f file | -l | -n | -m message | -s}
                            [-c] [-k keepalive] [-q qos] [-r] [--repeat N] [--repeat-delay time]
                            [-i id] [-I id_prefix]
                            [-d] [--quiet]
                            [-M max_inflight]
                            [-V protocol-version] [-x session-expiry-interval]
                            [--will-topic [--will-payload payload] [--will-qos qos] [--will-retain]]
                            [{--cafile file | --capath dir} [--cert file] [--key file]
                              [--tls-version version] [--insecure]]
                            [--unix path] [--proxy socks-url]
                            [-D command identifier value]
                   kite pub --help

             -c : disable clean session/enable persistent client mode
                  When this argument is used, the broker will be instructed not to clean existing sessions
                  for the same client id when the client connects. Needs -i.
             -d : enable debug messages (packets sent and received, on stdout).
             -D : Define MQTT v5 properties. See the documentation for more details.
             -f : send the contents of a file as the message.
             -h : mqtt host to connect to. Defaults to localhost.
             -i : id to use for this client. Defaults to none under MQTT v3.1.1 (the broker assigns
                  one), and to kite- followed by 18 random characters under v3.1.
             -I : define the client id as id_prefix appended with the process id. Useful for when the
                  broker is using the clientid_prefixes option.
             -k : keep alive in seconds for this client. Defaults to 60.
             -L : specify user, password, hostname, port and topic as a URL in the form:
                  mqtt(s)://[username[:password]@]host[:port]/topic
             -l : read messages from stdin, sending a separate message for each line.
             -m : message payload to send.
             -M : the maximum inflight messages for QoS 1/2. Defaults to 20.
             -n : send a null (zero length) message.
             -p : network port to connect to. Defaults to 1883 for plain MQTT, 8883 for MQTT over TLS.
             -P : provide a password
             -q : quality of service level to use for all messages. Defaults to 0.
             -r : message should be retained.
             -s : read message from stdin, sending the entire input as a message.
             -t : mqtt topic to publish to.
             -u : provide a username
             -V : specify the version of the MQTT protocol to use when connecting.
                  Can be mqttv5, mqttv311 or mqttv31. Defaults to mqttv311.
             -x : Set the session-expiry-interval property on the CONNECT packet. Applies to MQTT v5
                  clients only. Set to 0-4294967294 to specify the session will expire in that many
                  seconds after the client disconnects, or use -1, 4294967295, or ∞ for a session
                  that does not expire. Defaults to -1 if -c is also given, or 0 if -c not given.
             --help : display this message.
             --nodelay : accepted for compatibility; kite always flushes each batch of packets at once.
             --quiet : don't print error messages.
             --repeat : if publish mode is -f, -m, or -s, then repeat the publish N times.
             --repeat-delay : if using --repeat, wait time seconds between publishes. Defaults to 0.
             --version : print the version and exit.
             --will-payload : payload for the client Will, which is sent by the broker in case of
                              unexpected disconnection. If not given and will-topic is set, a zero
                              length message will be sent.
             --will-qos : QoS level for the client Will.
             --will-retain : if given, make the client Will retained.
             --will-topic : the topic on which to publish the client Will.
            """ + TRANSPORT + """

            Exit codes: 0 on success, 1 on a bad argument or a network error, the CONNACK return code
            (1-5; the reason code under MQTT v5) when the broker refuses the connection.
            """;
    }

    static String sub(String version) {
        return "kite sub is a simple mqtt client that will subscribe to a set of topics and print all messages it receives.\n"
                + "kite sub version " + version + " (flags, output and exit codes of mosquitto_sub 2.0).\n"
                + """

            Usage: kite sub {[-h host] [-p port] [-u username] [-P password] -t topic | -L URL [-t topic]}
                            [-c] [-k keepalive] [-q qos]
                            [-C msg_count] [-E] [-R] [--retained-only] [--remove-retained] [-T filter_out] [-U topic ...]
                            [-F format]
                            [-W timeout_secs]
                            [-i id] [-I id_prefix]
                            [-d] [-N] [--quiet] [-v]
                            [-V protocol-version] [-x session-expiry-interval]
                            [--will-topic [--will-payload payload] [--will-qos qos] [--will-retain]]
                            [{--cafile file | --capath dir} [--cert file] [--key file]
                              [--tls-version version] [--insecure]]
                            [--unix path] [--proxy socks-url]
                            [-D command identifier value]
                   kite sub --help

             -c : disable clean session/enable persistent client mode (needs -i).
             -C : disconnect and exit after receiving the 'msg_count' messages.
             -d : enable debug messages (packets sent and received, on stdout).
             -D : Define MQTT v5 properties. See the documentation for more details.
             -E : Exit once all subscriptions have been acknowledged by the broker.
             -F : output format: %t topic, %p payload, %x/%X payload in hex, %l payload length,
                  %q qos, %r retained flag, %m message id, %I ISO 8601 time, %U Unix time,
                  %j JSON with escaped payload, %J JSON with the payload as is, %% a percent sign;
                  field width, '-' and '0' flags and precision as printf;
                  @ followed by a strftime letter (@Y, @H, ..., @N nanoseconds, @@ '@');
                  escapes \\\\ \\0 \\a \\e \\n \\r \\t \\v. MQTT v5 properties:
                  %C content type, %D correlation data, %E message expiry, %F payload format,
                  %P user properties, %R response topic, %S subscription identifier, %A (blank).
             -h : mqtt host to connect to. Defaults to localhost.
             -i : id to use for this client. Defaults to none under MQTT v3.1.1 (the broker assigns
                  one), and to kite- followed by 18 random characters under v3.1.
             -I : define the client id as id_prefix appended with the process id.
             -k : keep alive in seconds for this client. Defaults to 60.
             -L : specify user, password, hostname, port and topic as a URL in the form:
                  mqtt(s)://[username[:password]@]host[:port]/topic
             -M : the maximum inflight messages for QoS 1/2. Defaults to 20.
             -N : do not add an end of line character when printing the payload.
             -p : network port to connect to. Defaults to 1883 for plain MQTT, 8883 for MQTT over TLS.
             -P : provide a password
             -q : quality of service level to use for the subscription. Defaults to 0.
             -R : do not print stale messages (those with retain set).
             -t : mqtt topic to subscribe to. May be repeated multiple times.
             -T : topic string to filter out of results. May be repeated.
             -u : provide a username
             -U : unsubscribe from a topic. May be repeated.
             -v : print published messages verbosely ("topic payload"; "topic (null)" when empty).
             -V : specify the version of the MQTT protocol to use when connecting.
                  Can be mqttv5, mqttv311 or mqttv31. Defaults to mqttv311.
             -x : Set the session-expiry-interval property on the CONNECT packet. Applies to MQTT v5
                  clients only. Set to 0-4294967294 to specify the session will expire in that many
                  seconds after the client disconnects, or use -1, 4294967295, or ∞ for a session
                  that does not expire. Defaults to -1 if -c is also given, or 0 if -c not given.
             -W : Specifies a timeout in seconds how long to process incoming MQTT messages;
                  prints "Timed out" and exits 27 when it expires.
             --help : display this message.
             --nodelay : accepted for compatibility.
             --pretty : accepted; JSON output is minimised, as mosquitto built without cJSON prints it.
             --quiet : don't print error messages.
             --retain-as-published : MQTT v5: keep the retain flag as the publisher set it.
             --random-filter : only print a percentage of received messages (0.1-100.0).
             --retained-only : only handle messages with the retained flag set, and exit when the
                               first non-retained message is received.
             --remove-retained : send a message to the server to clear any received retained messages
                                 Use -T to filter out messages you do not want to be cleared.
             --version : print the version and exit.
             --will-payload : payload for the client Will, which is sent by the broker in case of
                              unexpected disconnection. If not given and will-topic is set, a zero
                              length message will be sent.
             --will-qos : QoS level for the client Will.
             --will-retain : if given, make the client Will retained.
             --will-topic : the topic on which to publish the client Will.
            """ + TRANSPORT + """

            Exit codes: 0 on success (also after SIGINT or SIGTERM), 1 on a bad argument or a network
            error, 27 when -W expires, the CONNACK return code (1-5; the reason code under MQTT v5) when the broker refuses the
            connection.
            """;
    }
}
