package dev.ecsdeploy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of task definitions AWS refuses at RegisterTaskDefinition, {@code test-fixtures/task-definitions/invalid/
 * cases.tsv}: the sandbox's tests and the pre-flight's read the same rows.
 */
public final class InvalidTaskDefinitions {
    public static final Path DIRECTORY = Path.of("test-fixtures/task-definitions/invalid");

    private InvalidTaskDefinitions() {
    }

    /**
     * One line of cases.tsv.
     *
     * @param keyPath the offending key as a JSON path ({@code containerDefinitions[0].name}); {@code -} for the whole
     *                request
     */
    public record Case(String file, String code, String keyPath, String message) {
        public Path path() {
            return DIRECTORY.resolve(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    public static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(DIRECTORY.resolve("cases.tsv"))) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String[] fields = line.split("\t", -1);
                cases.add(new Case(fields[0], fields[1], fields[2], fields[3]));
            }
        }
        return cases;
    }
}
