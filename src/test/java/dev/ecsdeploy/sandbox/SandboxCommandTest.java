package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code sandbox} command's flags: every one read, a bad one refused with exit 2 before anything starts. */
class SandboxCommandTest {

    @Test
    void readsEveryFlag() {
        SandboxOptions options = SandboxCommand.parse(new String[] {"--port", "4566", "--scenario", "pull-error",
                "--audit", "a.jsonl", "--registry", "127.0.0.1:5000", "--time-scale", "0.05"});
        assertEquals(new SandboxOptions(4566, Scenario.PULL_ERROR, 0.05, Path.of("a.jsonl"), "127.0.0.1:5000", null),
                options);
    }

    @Test
    void refusesBadFlagsNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxCommand.parse(new String[] {"--port",
                "1", "--scenario", "flaky"})).getMessage().contains("Unknown scenario \"flaky\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxCommand.parse(new String[] {
                "--scenario", "crash"})).getMessage().contains("--port is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SandboxCommand.parse(new String[] {"--port",
                "1", "--time-scale", "fast"})).getMessage().contains("--time-scale needs a number"));
        assertEquals(2, SandboxCommand.run(new String[] {"--port", "1", "--colour", "blue"}));
    }
}
