package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"PT5S, 5s", "PT90S, 90s", "PT5M, 5m", "PT2H, 2h", "PT0S, 0s", "PT0.5S, 500ms", "PT61M, 61m"})
    void saysADurationInTheLargestWholeUnitNeverZeroMinutes(Duration duration, String words) {
        assertEquals(words, Durations.words(duration));
    }
}
