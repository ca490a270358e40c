package dev.ecsdeploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InputParsersTest {
    @ParameterizedTest
    @CsvSource({"true,true", "True,true", "TRUE,true", "' true ',true", "false,false", "False,false", "FALSE,false"})
    void booleansAcceptOnlyTheYamlWords(String text, boolean expected) {
        assertEquals(expected, InputParsers.bool(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "0", "on", "yes please", "tru", ""})
    void anyOtherWordIsAnErrorNotFalse(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> InputParsers.bool(text));
        assertTrue(error.getMessage().contains("use true or false"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "true     | true,false,detect | true",
            "True     | true,false,detect | true",
            "FALSE    | true,false,detect | false",
            "detect   | true,false,detect | detect",
            "SERVICE  | SERVICE,NONE      | SERVICE"})
    void aChoiceThatIsABooleanTakesTheBooleanSpellings(String text, String choices, String expected) {
        assertEquals(expected, InputParsers.choice(text, List.of(choices.split(","))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Detect   | true,false,detect",
            "yes      | true,false,detect",
            "True     | SERVICE,NONE",
            "service  | SERVICE,NONE"})
    void anyOtherSpellingOfAChoiceIsRefused(String text, String choices) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> InputParsers.choice(text, List.of(choices.split(","))));
        assertTrue(error.getMessage().contains("is not one of " + choices.replace(",", ", ")), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"90s,90", "5m,300", "1h,3600", "1h30m,5400", "2m30s,150", "0,0", "30M,1800"})
    void durations(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), InputParsers.duration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"90", "5 minutes", "1d", "m", "-5m", "1.5h", ""})
    void durationsNeedAUnit(String text) {
        assertThrows(IllegalArgumentException.class, () -> InputParsers.duration(text));
    }

    @Test
    void keyValuesSplitAtTheFirstEqualsSign() {
        Map<String, String> values = InputParsers.keyValues("""
                DATABASE_URL=postgres://u:p@db/app?sslmode=require&a=b
                # a comment
                EMPTY=

                  PADDED = kept as typed
                """);
        assertEquals(Map.of("DATABASE_URL", "postgres://u:p@db/app?sslmode=require&a=b", "EMPTY", "",
                "PADDED", " kept as typed"), values);
        assertEquals(List.of("DATABASE_URL", "EMPTY", "PADDED"), List.copyOf(values.keySet()), "order is kept");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"NO_EQUALS|line 1 \"NO_EQUALS\" is not KEY=VALUE", "=value|the key is empty"})
    void keyValuesRejectLinesWithoutAKey(String text, String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> InputParsers.keyValues(text));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void listsSplitOnCommasAndNewlines() {
        assertEquals(List.of("web-5xx", "web-latency", "web-errors"),
                InputParsers.list("web-5xx, web-latency\n\nweb-errors,"));
    }

    @ParameterizedTest
    @CsvSource({"10,10.0", "0.1,0.1", "100,100.0", "5%,5.0"})
    void percents(String text, double expected) {
        assertEquals(expected, InputParsers.percent(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-3", "ten"})
    void percentsOutOfRange(String text) {
        assertThrows(IllegalArgumentException.class, () -> InputParsers.percent(text));
    }
}
