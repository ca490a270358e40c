package dev.ecsdeploy.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ecsdeploy.config.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionResolverTest {
    private static final Pattern SOURCE_PATTERN = Pattern.compile("^v[0-9a-zA-Z._-]+$");

    @TempDir
    Path temp;

    @ParameterizedTest(name = "version {0}, file {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "2.0.0       | 1.4.2        | v2.0.0",
            "v2.0.0      | 1.4.2        | v2.0.0",
            "latest      | 1.4.2        | v1.4.2",
            "            | 1.4.2        | v1.4.2",
            "            | v1.4.2       | v1.4.2",
            "            | 1.5.0-rc.1   | v1.5.0-rc.1",
    })
    void resolves(String explicit, String inFile, String expected) throws Exception {
        Path file = Files.writeString(temp.resolve("package.json"), "{\"version\": \"" + inFile + "\"}");
        assertEquals(expected, VersionResolver.resolve(explicit, file, "package.json", "v", SOURCE_PATTERN).version());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1.0 beta | version-file", "1.0/2 | version-file", "'' | version-file"})
    void rejectsWhatThePatternRejects(String inFile, String input) throws Exception {
        Path file = Files.writeString(temp.resolve("package.json"), "{\"version\": \"" + inFile + "\"}");
        BadInputException error = assertThrows(BadInputException.class,
                () -> VersionResolver.resolve(null, file, "package.json", "v", SOURCE_PATTERN));
        assertEquals(input, error.input());
    }

    @ParameterizedTest
    @CsvSource({"2.0 final"})
    void rejectsABadExplicitVersionNamingTheVersionInput(String explicit) {
        BadInputException error = assertThrows(BadInputException.class,
                () -> VersionResolver.resolve(explicit, temp.resolve("none.json"), "none.json", "v", SOURCE_PATTERN));
        assertEquals("version", error.input());
    }
}
