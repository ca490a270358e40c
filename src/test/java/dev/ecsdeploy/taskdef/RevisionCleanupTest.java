package dev.ecsdeploy.taskdef;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisionCleanupTest {
    @ParameterizedTest(name = "keep {1} of {0}, in use {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "web:5,web:4,web:3,web:2,web:1 | 0 | -             | -",
            "web:5,web:4,web:3,web:2,web:1 | 2 | -             | web:3,web:2,web:1",
            "web:5,web:4,web:3,web:2,web:1 | 2 | web:2         | web:3,web:1",
            "web:5,web:4                   | 2 | -             | -",
            "web:5,web:4,web:3             | 1 | web:5,web:4   | web:3",
    })
    void neverDeregistersARevisionInUse(String active, int keep, String inUse, String expected) {
        assertEquals(list(expected), RevisionCleanup.toDeregister(list(active), keep,
                Set.copyOf(list(inUse))));
    }

    private static List<String> list(String text) {
        return text == null || text.equals("-") ? List.of() : Arrays.asList(text.split(","));
    }
}
