package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.Scenario;
import dev.ecsdeploy.testing.RunnerFiles;
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
            Path deployOutputs = Files.createFile(temp.resolve("deploy_output"));
            Process deploy = ActionProcess.deploy(sandbox.endpoint(), "web", List.of(), Map.of(), deployOutputs,
                    temp.resolve("deploy.log"));
            assertTrue(deploy.waitFor(120, TimeUnit.SECONDS) && deploy.exitValue() == 0,
                    Files.readString(temp.resolve("deploy.log")));

            Path outputs = Files.createFile(temp.resolve("rollback_output"));
            Path log = temp.resolve("rollback.log");
            Process rollback = ActionProcess.start("rollback", sandbox.endpoint(), "web", List.of(), Map.of(),
                    outputs, log);
            assertTrue(rollback.waitFor(120, TimeUnit.SECONDS), Files.readString(log));

            assertEquals(0, rollback.exitValue(), Files.readString(log));
            assertEquals("true", RunnerFiles.readOutputs(outputs).get("rolled-back"));
            Map<String, Long> writes = Files.readAllLines(outputs, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.matches("[a-z-]+(=|<<).*"))
                    .map(line -> line.split("=|<<", 2)[0])
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            writes.forEach((name, count) -> assertEquals(1L, count, name + " written " + count + " times: " + writes));
            assertTrue(writes.containsKey("rolled-back"), writes.toString());
        }
    }
}
