package dev.ecsdeploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputBoundsTest {
    /** Parses the text as the input's type, then checks it against the input's bounds. */
    private static void check(String name, String text) {
        Input input = Input.byName(name).orElseThrow();
        Object value = input.type().kind() == InputType.Kind.DURATION ? InputParsers.duration(text)
                : InputParsers.percent(text);
        InputBounds.check(input, value, text);
    }

    @ParameterizedTest
    @CsvSource({
        "timeout, 1s", "timeout, 6h", "timeout, 360m", "poll-interval, 1s", "poll-interval, 5m",
        "bake-time, 0", "bake-time, 1440m", "bake-time, 24h", "linear-step-bake-time, 0", "canary-bake-time, 10m",
        "canary-percent, 0.1", "canary-percent, 5", "canary-percent, 100", "canary-percent, 12.5",
        "linear-step-percent, 3", "linear-step-percent, 33.3", "linear-step-percent, 100",
    })
    void valuesWithinTheirBounds(String input, String text) {
        check(input, text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "timeout | 0s | \"0s\" is less than 1s; the wait is from 1s to 6h (360 minutes)",
        "timeout | 6h1s | \"6h1s\" is more than 6h; the wait is from 1s to 6h (360 minutes)",
        "timeout | 9223372036854775807s | is more than 6h",
        "poll-interval | 0 | \"0\" is less than 1s",
        "poll-interval | 6m | \"6m\" is more than 5m",
        "bake-time | 1441m | \"1441m\" is more than 24h; ECS allows 0 to 1440 minutes (24h)",
        "linear-step-bake-time | 90s | \"90s\" (1m30s) is not whole minutes",
        "canary-bake-time | 25h | is more than 24h",
        "canary-percent | 0.05 | ECS shifts 0.1 to 100 percent to the canary, in steps of 0.1",
        "canary-percent | 12.25 | in steps of 0.1",
        "linear-step-percent | 2.9 | ECS shifts 3 to 100 percent per linear step",
        "linear-step-percent | 33.33 | in steps of 0.1",
    })
    void valuesBeyondABoundNameIt(String input, String text, String expected) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> check(input, text));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @org.junit.jupiter.api.Test
    void everyDurationAndPercentageInputHasItsBounds() {
        for (Input input : Input.values()) {
            InputType.Kind kind = input.type().kind();
            if (kind == InputType.Kind.DURATION || kind == InputType.Kind.PERCENT) {
                String beyond = kind == InputType.Kind.DURATION ? "100000h" : "100.5";
                assertThrows(IllegalArgumentException.class, () -> check(input.inputName(), beyond),
                        input.inputName() + " has no upper bound");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"99999999999999999999s", "9223372036854775807h", "3000000000000000h"})
    void durationsTooLongForALongAreAnErrorNotAnOverflow(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> InputParsers.duration(text));
        assertTrue(error.getMessage().contains("far too long a duration"), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "90,1m30s", "3600,1h", "5400,1h30m", "86460,24h1m"})
    void durationsAreShownAsTheyAreWritten(long seconds, String text) {
        assertEquals(text, InputBounds.format(Duration.ofSeconds(seconds)));
    }
}
