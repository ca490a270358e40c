package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each output is written to GITHUB_OUTPUT once: a workflow reading it must not depend on which line wins. */
class OutputsWrittenOnceTest {
    @TempDir
    Path temp;

    @Test
    void theRollbackCommandWritesEachOutputOnce() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.HEALTHY)
                .withTimeScale(0.03))) {
            ActionProcess deploy = ActionProcess.start(temp, sandbox.endpoint(), DeployArgs.deploy("web", List.of()));
            assertTrue(deploy.process().waitFor(120, TimeUnit.SECONDS) && deploy.process().exitValue() == 0,
                    deploy.log());

            ActionProcess rollback = ActionProcess.start(temp, sandbox.endpoint(),
                    DeployArgs.command("rollback", "web", List.of()));
            assertTrue(rollback.process().waitFor(120, TimeUnit.SECONDS), rollback.log());

            assertEquals(0, rollback.process().exitValue(), rollback.log());
            assertEquals("true", rollback.outputs().get("rolled-back"));
            Map<String, Long> writes = Files.readAllLines(rollback.outputFile(), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.matches("[a-z-]+(=|<<).*"))
                    .map(line -> line.split("=|<<", 2)[0])
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            writes.forEach((name, count) -> assertEquals(1L, count, name + " written " + count + " times: " + writes));
            assertTrue(writes.containsKey("rolled-back"), writes.toString());
        }
    }
}
