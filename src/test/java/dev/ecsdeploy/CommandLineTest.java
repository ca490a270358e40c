package dev.ecsdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.config.BadInputException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one argument parser, read against the input catalog: what each command line means, or why it is refused. */
class CommandLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "deploy --cluster demo --service web      | deploy | cluster=demo;service=web          | false",
            "diff --image=ghcr.io/a/b:1 --dry-run     | diff   | image=ghcr.io/a/b:1;dry-run=true  | false",
            "deploy --dry-run false --service web     | deploy | dry-run=false;service=web         | false",
            "deploy --desired-count -1                | deploy | desired-count=-1                  | false",
            "--service web                            |        | service=web                       | false",
            "help                                     |        |                                   | true",
            "-h                                       |        |                                   | true",
            "--help                                   |        |                                   | true",
            "status --help                            | status |                                   | true",
    })
    void readsTheCommandTheFlagsAndHelp(String line, String command, String flags, boolean help) {
        CommandLine parsed = CommandLine.parse(line.split(" "));
        assertEquals(command, parsed.command());
        assertEquals(flags == null ? Map.of() : parse(flags), parsed.flags());
        assertEquals(help, parsed.help());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "deploy --cluster demo --service web --image | image   | --image needs a value",
            "deploy --image --service web                | image   | --image needs a value",
            "deploy --timeout                            | timeout | --timeout needs a value",
            "deploy --servce web                         | servce  | Unknown input --servce. Did you mean --service?",
            "deploy --service a --service b              | service | --service is given twice",
            "deploy web                                  |         | Unexpected argument \"web\"",
            "deploy -- web                               |         | Unexpected argument \"--\"",
    })
    void refusesWhatCannotBeReadNamingTheFlag(String line, String flag, String message) {
        BadInputException refused = assertThrows(BadInputException.class, () -> CommandLine.parse(line.split(" ")));
        assertTrue(refused.getMessage().contains(message), refused.getMessage());
        assertEquals(flag, refused.input());
    }

    private static Map<String, String> parse(String pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String pair : pairs.split(";")) {
            map.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return map;
    }
}
