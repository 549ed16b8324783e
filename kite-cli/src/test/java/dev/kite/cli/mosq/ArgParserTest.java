package dev.kite.cli.mosq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.cli.mosq.ArgParser.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The flag table: which problem kite pub and kite sub report, in mosquitto's order. */
class ArgParserTest {
    private record Parsed(Result result, String err, ToolConfig cfg) {
    }

    private static Parsed parse(Tool tool, String... argv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ToolConfig cfg = new ToolConfig(tool);
        Result result = new ArgParser(cfg, new PrintStream(bytes, true, StandardCharsets.UTF_8)).parse(argv);
        return new Parsed(result, bytes.toString(StandardCharsets.UTF_8), cfg);
    }

    @Test
    void theFirstProblemInArgumentOrderIsTheOneReported() {
        assertThat(parse(Tool.PUB, "-q", "3", "-k", "2").err()).isEqualTo("Error: Invalid QoS given: 3\n");
        assertThat(parse(Tool.PUB, "-k", "2", "-q", "3").err())
                .isEqualTo("Error: Invalid keepalive given, it must be between 5 and 65535 inclusive.\n\n");
        assertThat(parse(Tool.SUB, "-Z", "-t", "a/#/b").err()).isEqualTo("Error: Unknown option '-Z'.\n");
    }

    @Test
    void checksOfTheWholeLineComeAfterEveryFlag() {
        assertThat(parse(Tool.PUB, "--will-payload", "p", "-q", "3").err()).isEqualTo("Error: Invalid QoS given: 3\n");
        assertThat(parse(Tool.PUB, "--will-payload", "p", "-q", "1").err())
                .isEqualTo("Error: Will payload given, but no will topic given.\n");
        assertThat(parse(Tool.SUB, "-v").err()).isEqualTo("Error: You must specify a topic to subscribe to.\n");
    }

    @Test
    void helpAndVersionEndParsingWhereTheyStand() {
        assertThat(parse(Tool.SUB, "--help", "-Z")).extracting(Parsed::result, Parsed::err)
                .containsExactly(Result.HELP, "");
        assertThat(parse(Tool.PUB, "--version", "-q", "3").result()).isEqualTo(Result.VERSION);
        assertThat(parse(Tool.PUB, "-q", "3", "--help").result()).isEqualTo(Result.ERROR);
    }

    @Test
    void aFlagOfOneToolIsUnknownToTheOther() {
        assertThat(parse(Tool.PUB, "-t", "a", "-C").err()).isEqualTo("Error: Unknown option '-C'.\n");
        assertThat(parse(Tool.SUB, "-t", "a", "--message", "x").err())
                .isEqualTo("Error: Unknown option '--message'.\n");
        assertThat(parse(Tool.SUB, "-t", "a", "-r").err()).isEqualTo("Error: Unknown option '-r'.\n");
    }

    @Test
    void aFlagWithoutItsValueNamesTheValueAndTheShortFlag() {
        assertThat(parse(Tool.PUB, "--host").err()).isEqualTo("Error: -h argument given but no host specified.\n\n");
        assertThat(parse(Tool.SUB, "-t", "a", "--capath").err())
                .isEqualTo("Error: --capath argument given but no directory specified.\n\n");
        assertThat(parse(Tool.PUB, "-V").err())
                .isEqualTo("Error: --protocol-version argument given but no version specified.\n\n");
        assertThat(parse(Tool.SUB, "-t", "a", "-M").err())
                .isEqualTo("Error: -M argument given but max_inflight not specified.\n\n");
    }

    @Test
    void someConflictsAreReportedBeforeAMissingValue() {
        String oneSource = "Error: Only one type of message can be sent at once.\n\n";
        assertThat(parse(Tool.PUB, "-n", "-m").err()).isEqualTo(oneSource);
        assertThat(parse(Tool.PUB, "-s", "-f").err()).isEqualTo(oneSource);
        assertThat(parse(Tool.PUB, "-i", "a", "-I").err())
                .isEqualTo("Error: -i and -I argument cannot be used together.\n\n");
    }

    @Test
    void unsupportedFlagsCheckTheirValueThenNameTheMissingFeature() {
        assertThat(parse(Tool.PUB, "-A").err()).isEqualTo("Error: -A argument given but no address specified.\n\n");
        assertThat(parse(Tool.SUB, "--psk-identity").err()).isEqualTo("Error: --psk-identity is not supported by kite "
                + "yet: the JDK has no TLS-PSK cipher suites.\n\n");
    }

    @Test
    void mqtt5FlagsFillTheConfiguration() {
        Parsed p = parse(Tool.PUB, "-t", "a", "-m", "x", "-D", "publish", "user-property", "k", "v", "-D", "PUBLISH",
                "Content-Type", "t", "-D", "connect", "receive-maximum", "7", "-x", "0x10", "-i", "me", "-c");
        assertThat(p.result()).isEqualTo(Result.OK);
        assertThat(p.cfg().protocolVersion).as("-D alone switches to 5.0, as in mosquitto").isEqualTo(5);
        assertThat(p.cfg().publishProps).extracting(PropertyFlags.Prop::id)
                .containsExactly(PropertyFlags.Id.USER_PROPERTY, PropertyFlags.Id.CONTENT_TYPE);
        assertThat(p.cfg().connectProps).extracting(PropertyFlags.Prop::number).containsExactly(7L, 16L);
        assertThat(parse(Tool.SUB, "-t", "a", "-V", "5", "-c", "-i", "me").cfg().connectProps)
                .extracting(PropertyFlags.Prop::number).as("-c alone: never expires").containsExactly(0xFFFF_FFFFL);
        assertThat(parse(Tool.SUB, "-t", "a", "-V", "5").cfg().connectProps).isEmpty();
        assertThat(parse(Tool.SUB, "-t", "a", "-x", "10").cfg().connectProps).as("-x without 5.0 is ignored").isEmpty();
    }

    @Test
    void strtolReadsAsCWithBaseZero() {
        assertThat(PropertyFlags.strtol0("10")).isEqualTo(10L);
        assertThat(PropertyFlags.strtol0("0x1f")).isEqualTo(31L);
        assertThat(PropertyFlags.strtol0("010")).isEqualTo(8L);
        assertThat(PropertyFlags.strtol0(" -1")).isEqualTo(-1L);
        assertThat(PropertyFlags.strtol0("0")).isEqualTo(0L);
        assertThat(PropertyFlags.strtol0("09")).isNull();
        assertThat(PropertyFlags.strtol0("0x")).isNull();
        assertThat(PropertyFlags.strtol0("")).isNull();
        assertThat(PropertyFlags.strtol0("5 ")).isNull();
        assertThat(PropertyFlags.atol("  42abc")).isEqualTo(42L);
        assertThat(PropertyFlags.atol("-99999999999999999999")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aGoodLineFillsTheConfiguration() {
        Parsed p = parse(Tool.SUB, "--host", "h", "-p", "1884", "-t", "a/+", "-t", "b/#", "-T", "a/x", "-U", "c",
                "-C", "3", "-W", "7", "-v", "-N", "-i", "me", "-c", "-k", "30", "-V", "mqttv31");
        assertThat(p.result()).isEqualTo(Result.OK);
        assertThat(p.err()).isEmpty();
        ToolConfig c = p.cfg();
        assertThat(c.host).isEqualTo("h");
        assertThat(c.port).isEqualTo(1884);
        assertThat(c.topics).containsExactly("a/+", "b/#");
        assertThat(c.filterOuts).containsExactly("a/x");
        assertThat(c.unsubTopics).containsExactly("c");
        assertThat(c.msgCount).isEqualTo(3);
        assertThat(c.timeout).isEqualTo(7);
        assertThat(c.verbose).isTrue();
        assertThat(c.eol).isFalse();
        assertThat(c.id).isEqualTo("me");
        assertThat(c.cleanSession).isFalse();
        assertThat(c.keepalive).isEqualTo(30);
        assertThat(c.protocolVersion).isEqualTo(3);
    }
}
