package dev.ecsdeploy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandWordsTest {
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("npm run migrate", List.of("npm", "run", "migrate"), null),
                Arguments.of("  npm   run\tmigrate \n", List.of("npm", "run", "migrate"), null),
                Arguments.of("[\"sh\", \"-c\", \"npm run migrate && echo done\"]",
                        List.of("sh", "-c", "npm run migrate && echo done"), null),
                Arguments.of("", List.of(), "it is empty"),
                Arguments.of("   ", List.of(), "it is empty"),
                Arguments.of("[]", List.of(), "the JSON array is empty"),
                Arguments.of("[\"npm\", 3]", List.of(), "every element of the JSON array must be a string"),
                Arguments.of("[\"npm\", ", List.of(), "it starts with [ but is not a JSON array of strings (line 1,"
                        + " column 8)"),
                Arguments.of("npm run\u0000migrate", List.of(), "it contains a control character"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void parsesACommandOrSaysWhyNot(String text, List<String> words, String problem) {
        CommandWords.Parsed parsed = CommandWords.parse(text);
        assertEquals(words, parsed.words());
        assertEquals(problem, parsed.problem());
    }
}
