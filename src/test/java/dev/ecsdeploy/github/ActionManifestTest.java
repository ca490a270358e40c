package dev.ecsdeploy.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecsdeploy.config.Input;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** action.yml is what users read and what the runner obeys; it must say exactly what the code accepts. */
class ActionManifestTest {
    private static final Path ACTION_YML = Path.of("action.yml");

    @Test
    void actionYmlIsTheOneRenderedFromTheCatalogs() throws Exception {
        String expected = ActionManifest.render();
        if (Boolean.getBoolean("action.manifest.update")) {
            Files.writeString(ACTION_YML, expected);
        }
        assertEquals(expected, Files.readString(ACTION_YML),
                "action.yml is out of date: run ./mvnw -q test -Dtest=ActionManifestTest -Daction.manifest.update=true");
    }

    @Test
    void theReadmeTablesAreTheOnesRenderedFromTheCatalogs() throws Exception {
        Path readme = Path.of("README.md");
        String text = Files.readString(readme);
        String start = "<!-- inputs:start -->\n";
        String end = "<!-- inputs:end -->";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertTrue(from >= 0 && to > from, "README.md lacks the inputs markers");
        String expected = text.substring(0, from + start.length()) + ActionManifest.readmeTables() + text.substring(to);
        if (Boolean.getBoolean("action.manifest.update")) {
            Files.writeString(readme, expected);
        }
        assertEquals(expected, Files.readString(readme),
                "README.md tables are out of date: run ./mvnw -q test -Dtest=ActionManifestTest"
                        + " -Daction.manifest.update=true");
    }

    @Test
    void everyInputIsDescribedAndNoneDeclaresADefault() throws Exception {
        JsonNode manifest = new ObjectMapper(new YAMLFactory()).readTree(ACTION_YML.toFile());
        List<String> declared = new ArrayList<>();
        manifest.path("inputs").properties().forEach(entry -> {
            declared.add(entry.getKey());
            assertFalse(entry.getValue().has("default"), entry.getKey() + " must not declare a default");
            assertFalse(entry.getValue().path("description").asText().isBlank(), entry.getKey() + " needs a description");
        });
        assertEquals(Input.names(), declared);

        List<String> outputs = new ArrayList<>();
        manifest.path("outputs").fieldNames().forEachRemaining(outputs::add);
        assertEquals(Arrays.stream(ActionOutput.values()).map(ActionOutput::outputName).toList(), outputs);
        assertEquals("docker", manifest.path("runs").path("using").asText());
    }

    @Test
    void descriptionsStateTheDefaultsTheCodeApplies() {
        for (Input input : Input.values()) {
            if (input.defaultValue() != null) {
                assertTrue(input.description().contains("Default") || input.description().contains("default"),
                        input.inputName() + " has a default the description does not state");
            }
        }
    }
}
