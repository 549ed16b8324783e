package dev.kite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.cli.Tools.Impl;
import dev.kite.cli.Tools.Result;
import dev.kite.testing.FreePort;
import dev.kite.testing.MosquittoBroker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad command lines: kite pub and kite sub must fail as mosquitto's tools do (same stderr with
 * the tool's name swapped, same exit code), without connecting: the port is one nobody listens on.
 */
class ArgumentsIT {
    private static final int NOBODY = FreePort.find();

    private static String normalise(String text) {
        return text.replace("mosquitto_pub", "kite pub").replace("mosquitto_sub", "kite sub");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "pub -t a -m x -q 3",
        "pub -t a#/b -m x",
        "pub -t a/+ -m x",
        "pub -t a -m x -Z",
        "pub -t a -m x -c",
        "pub -t a -m x -k 2",
        "pub -t a -m x -V 4",
        "pub -t a -m x -p",
        "pub -t a -m x -s",
        "pub -t a -m x -i a -I b",
        "pub -t a -f /nonexistent/file",
        "pub -t a -m x --will-payload p",
        "pub -t a -m x --will-retain",
        "pub -t a -m x --will-qos 7 --will-topic w",
        "pub -t a -m x -v",
        "pub -t a -m x -C 1",
        "pub -t a -m x --repeat 0",
        "sub",
        "sub -t a/#/b",
        "sub -t a -R --retained-only",
        "sub -t a -C 0",
        "sub -t a -W 0",
        "sub -t a -F %Z",
        "sub -t a -F \\q",
        "sub -t a -F %",
        "sub -t a -m x",
        "sub -t a -r",
        "sub -U a",
        "sub -t a -T a+",
        "sub -t a -L http://x/y",
        "pub -t a -m x --cert c",
        "sub -t a --key k",
        "pub -t a -m x --cafile",
        "sub -t a --proxy http://x:1",
        "sub -t a --unix",
        "pub -t a -m x --tls-version",
        "pub -t a -m x --proxy",
        "pub -t a -m x --cafile /nonexistent/ca.pem",
        "sub -t a --cafile /nonexistent/ca.pem --cert /nonexistent/c --key /nonexistent/k",
        // MQTT 5.0: -V, -x, -D as mosquitto 2.0.11 parses and checks them
        "pub -t a -m x -V 6",
        "sub -t a -x",
        "sub -t a -x abc",
        "sub -t a -x 12z",
        "sub -t a -x 4294967296",
        "sub -t a -x -2",
        "sub -t a -c -V 5",
        "sub -t a -c -V mqttv5 -x -1",
        "sub -t a -c -V 5 -x ∞",
        "sub -t a -c -V 5 -x 10",
        "pub -t a -m x -c -x 4294967295 -D connect receive-maximum 5",
        "pub -t a -m x -D",
        "pub -t a -m x -D connect",
        "pub -t a -m x -D connect receive-maximum",
        "pub -t a -m x -D connect user-property a",
        "pub -t a -m x -D foo content-type 1",
        "pub -t a -m x -D connack maximum-qos 1",
        "pub -t a -m x -D publish foo 1",
        "pub -t a -m x -D connect content-type 1",
        "sub -t a -D Connect Content-Type 1",
        "pub -t a -m x -D publish subscription-identifier 1",
        "sub -t a -D subscribe content-type x",
        "sub -t a -D auth authentication-method x",
        "sub -t a -D puback reason-string x",
        "pub -t a -m x -D will will-delay-interval 5 -D connect will-delay-interval 5",
        "pub -t a -m x -D connect receive-maximum 70000",
        "pub -t a -m x -D connect receive-maximum -1",
        "pub -t a -m x -D connect receive-maximum abc",
        "pub -t a -m x -D connect receive-maximum 0",
        "pub -t a -m x -D connect maximum-packet-size 0",
        "pub -t a -m x -D connect maximum-packet-size 4294967296",
        "pub -t a -m x -D connect request-problem-information 2",
        "pub -t a -m x -D connect request-response-information 256",
        "pub -t a -m x -D publish payload-format-indicator 300",
        "pub -t a -m x -D publish topic-alias 0",
        "pub -t a -m x -D publish content-type a -D publish content-type b",
        "pub -t a -m x -D publish user-property a b -D publish user-property a b -D publish message-expiry-interval 5 "
                + "-D publish message-expiry-interval 6",
        "sub -t a -D subscribe subscription-identifier 1 -D subscribe subscription-identifier 2",
        "sub -t a -D will content-type a -D will content-type b",
        "sub -t a -D disconnect session-expiry-interval 1 -D disconnect session-expiry-interval 2",
        "sub -t a -D unsubscribe user-property a b -D connect receive-maximum 0",
        "sub -t a -c -i me -V 5 -D connect session-expiry-interval 5",
        "sub -t a -D unsubscribe reason-string x", "sub -t a -D unsubscribe subscription-identifier 1",
        "pub -t a -m x -D disconnect topic-alias 1", "sub -t a -D disconnect content-type x",
        "sub -t a -D disconnect will-delay-interval 3", "pub -t a -m x -D publish session-expiry-interval 3",
        "sub -t a -D subscribe topic-alias 1", "pub -t a -m x -D disconnect server-reference",
        "pub -t a -m x -D unsubscribe user-property a",
        "pub -t a -m x --retain-as-published",
        "pub -t a -m x -D will content-type x -V 311 --will-topic w",
        "sub -t a -D connect receive-maximum 3 -V mqttv31",
        "sub -t a -D connect receive-maximum 3 -V 311 --quiet",
    })
    void bad_arguments_fail_like_mosquitto(String line) {
        String[] words = line.split(" ");
        List<String> args = new ArrayList<>(List.of(words).subList(1, words.length));
        args.add(0, Integer.toString(NOBODY));
        args.add(0, "-p");
        Result mosq = Tools.run(Impl.MOSQUITTO, words[0], args.toArray(String[]::new));
        Result kite = Tools.run(Impl.KITE, words[0], args.toArray(String[]::new));
        assertThat(kite.exit()).as("exit code").isEqualTo(mosq.exit());
        assertThat(kite.err()).as("stderr").isEqualTo(normalise(mosq.err()));
        if (mosq.out().length == 0) {
            assertThat(kite.stdout()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pub -t a -m x", "sub -t a"})
    void connection_refused_by_the_network(String line) {
        MosquittoBroker.assumeAvailable();
        String[] words = line.split(" ");
        List<String> args = new ArrayList<>(List.of(words).subList(1, words.length));
        args.addAll(List.of("-p", Integer.toString(NOBODY)));
        Result mosq = Tools.run(Impl.MOSQUITTO, words[0], args.toArray(String[]::new));
        Result kite = Tools.run(Impl.KITE, words[0], args.toArray(String[]::new));
        assertThat(kite.exit()).isEqualTo(mosq.exit());
        assertThat(kite.err()).isEqualTo(mosq.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "pub -t a -m x -D connect authentication-data x",
        "pub -t a -m x --psk 00ff --psk-identity me", "sub -t a --ciphers ALL",
    })
    void features_not_in_the_library_fail_with_exit_1_and_say_so(String line) {
        String[] words = line.split(" ");
        List<String> args = new ArrayList<>(List.of(words).subList(1, words.length));
        args.addAll(List.of("-p", Integer.toString(NOBODY)));
        Result kite = Tools.run(Impl.KITE, words[0], args.toArray(String[]::new));
        assertThat(kite.exit()).isEqualTo(1);
        assertThat(kite.err()).contains("is not supported by kite").contains("--help' to see usage.");
        assertThat(kite.stdout()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pub", "sub"})
    void help_lists_every_flag_and_exits_1_like_mosquitto(String tool) {
        Result kite = Tools.run(Impl.KITE, tool, "--help");
        Result mosq = Tools.run(Impl.MOSQUITTO, tool, "--help");
        assertThat(kite.exit()).isEqualTo(mosq.exit());
        for (String flag : List.of(" -h ", " -p ", " -t ", " -q ", " -i ", " -I ", " -c ", " -k ", " -u ", " -P ",
                " -V ", " -L ", " --will-topic ", " --will-payload ", " --will-qos ", " --will-retain ",
                " --cafile ", " --capath ", " --cert ", " --key ", " --insecure ", " --tls-version ", " --unix ",
                " --proxy ", " -d ", " --quiet ", " -D ", " -x ", "Can be mqttv5, mqttv311 or mqttv31.",
                "or use -1, 4294967295, or ∞ for a session", "Define MQTT v5 properties.")) {
            assertThat(kite.stdout()).as(flag).contains(flag.strip());
        }
        List<String> own = tool.equals("pub")
                ? List.of(" -m ", " -f ", " -s ", " -l ", " -n ", " -r ")
                : List.of(" -C ", " -W ", " -v ", " -N ", " -R ", " -T ", " -U ", " -E ", " -F ", " --retained-only ");
        for (String flag : own) {
            assertThat(kite.stdout()).as(flag).contains(flag);
        }
    }
}
