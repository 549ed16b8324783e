package dev.kite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code kite --help}: the list of commands, each with its one-line summary whole. */
class KiteHelpTest {
    private static final Pattern COMMAND = Pattern.compile("^  (\\S+)\\s+(.*)$");
    private static final Pattern WRAPPED = Pattern.compile("^\\s{4,}(\\S.*)$");

    /** The summaries in the Commands section, wrapped lines joined. */
    private static Map<String, String> summaries(String help) {
        Map<String, String> summaries = new LinkedHashMap<>();
        List<String> lines = help.lines().toList();
        String current = null;
        for (String line : lines.subList(lines.indexOf("Commands:") + 1, lines.size())) {
            Matcher wrapped = WRAPPED.matcher(line);
            Matcher command = COMMAND.matcher(line);
            if (wrapped.matches() && current != null) {
                summaries.merge(current, " " + wrapped.group(1), String::concat);
            } else if (command.matches()) {
                current = command.group(1);
                summaries.put(current, command.group(2).strip());
            } else {
                break;
            }
        }
        return summaries;
    }

    @Test
    void everyCommandsSummaryIsAWholeSentence() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Kite.run(new String[] {"--help"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();

        Map<String, String> summaries = summaries(help);
        List<String> commands = List.copyOf(new CommandLine(new Kite()).getSubcommands().keySet());
        assertThat(summaries.keySet()).as(help).containsExactlyElementsOf(commands);
        assertThat(summaries).allSatisfy((name, summary) -> assertThat(summary).as(name).endsWith("."));
    }
}
