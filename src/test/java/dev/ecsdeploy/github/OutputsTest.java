package dev.ecsdeploy.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.testing.RunnerFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsTest {
    @TempDir
    Path temp;

    @Test
    void valuesReachTheFileAsTheRunnerReadsThemTheMomentTheyAreSet() throws Exception {
        Path file = temp.resolve("set_output");
        Outputs outputs = new Outputs(file, System.out, new Masker());

        outputs.set(ActionOutput.VERSION, "v1.4.2");
        assertEquals(Map.of("version", "v1.4.2"), RunnerFiles.readOutputs(file), "written before the run ends");

        outputs.set(ActionOutput.FAILURE_REASON, "line one\nline two = with equals");
        outputs.set(ActionOutput.IMAGE_TAGS, "a=b");
        assertEquals(Map.of("version", "v1.4.2", "failure-reason", "line one\nline two = with equals",
                "image-tags", "a=b"), RunnerFiles.readOutputs(file));
        assertTrue(Files.readString(file).contains("failure-reason<<ghadelimiter_"), "multiline uses a delimiter");
    }

    @Test
    void aValueContainingTheDelimiterIsRefused() {
        Outputs outputs = new Outputs(temp.resolve("out"), System.out, new Masker(), () -> "ghadelimiter_fixed");
        assertThrows(IllegalArgumentException.class,
                () -> outputs.set(ActionOutput.FAILURE_REASON, "a\nghadelimiter_fixed\nb"));
    }

    @Test
    void secretsAreMaskedInOutputs() throws Exception {
        Masker masker = new Masker();
        masker.add("hunter2-secret");
        Path file = temp.resolve("out");
        new Outputs(file, System.out, masker).set(ActionOutput.FAILURE_REASON, "token hunter2-secret rejected");
        assertEquals("token *** rejected", RunnerFiles.readOutputs(file).get("failure-reason"));
    }

    @Test
    void outsideActionsOutputsPrintToStdout() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        new Outputs(null, new PrintStream(stdout, true), new Masker()).set(ActionOutput.VERSION, "v2.0.0");
        assertEquals("version=v2.0.0" + System.lineSeparator(), stdout.toString());
    }

    @Test
    void outsideActionsAnEchoedValueCannotCommandTheRunner() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        new Outputs(null, new PrintStream(stdout, true), new Masker())
                .set(ActionOutput.IMAGE_URI, "ghcr.io/a/b:1\n::warning title=x::INJECTED\r##[error]y");
        assertEquals("image-uri=ghcr.io/a/b:1\\n::warning title=x::INJECTED\\r## [error]y" + System.lineSeparator(),
                stdout.toString());
    }

    @Test
    void anUnwritableOutputFileIsNamedOnceAndTheRunGoesOn() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("not-a-file"));
        java.util.List<String> said = new java.util.ArrayList<>();
        Outputs outputs = new Outputs(directory, System.out, new Masker(), said::add);

        outputs.set(ActionOutput.VERSION, "v1.4.2");
        outputs.set(ActionOutput.DEPLOYMENT_STATUS, "SUCCESSFUL");

        assertEquals(1, said.size(), said.toString());
        assertTrue(said.getFirst().contains("GITHUB_OUTPUT (" + directory + ")"), said.getFirst());
        assertTrue(outputs.unwritable());
        assertEquals("SUCCESSFUL", outputs.get(ActionOutput.DEPLOYMENT_STATUS), "still known to the run");
    }
}
