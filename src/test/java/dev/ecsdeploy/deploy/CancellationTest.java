package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionProcess;
import dev.ecsdeploy.testing.StackTraces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancelled workflow: the runner sends SIGTERM to the action's process. The action must stop the deployment it
 * started with rollback, write its outputs and exit within seconds, so the process runs for real here.
 */
class CancellationTest {
    @TempDir
    Path temp;

    @Test
    void sigtermDuringTheWaitStopsTheDeploymentWithRollbackAndExitsQuickly() throws Exception {
        // Real time: the deployment is still rolling when the signal comes.
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(1.0))) {
            ActionProcess action = ActionProcess.start(temp, sandbox.endpoint(), DeployArgs.deploy("web", List.of()));
            Process process = action.process();

            waitFor(() -> sandbox.auditEntries().stream()
                    .anyMatch(entry -> "UpdateService".equals(entry.path("operation").asText())), Duration.ofSeconds(60));
            Thread.sleep(1500);
            assertTrue(process.isAlive(), "still waiting for the deployment");
            long signalled = System.nanoTime();
            process.destroy(); // SIGTERM, as the runner sends on cancellation
            boolean exited = process.waitFor(10, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - signalled) / 1e9;
            String log = action.log();

            assertTrue(exited, "exits within 10 s of SIGTERM\n" + log);
            StackTraces.assertNone(log);
            System.out.printf("SIGTERM to exit: %.2f s%n", seconds);
            assertEquals(1, process.exitValue(), log);
            Map<String, String> outputs = action.outputs();
            assertEquals("CANCELLED", outputs.get("deployment-status"), log);
            assertTrue(sandbox.auditEntries().stream()
                    .anyMatch(entry -> "StopServiceDeployment".equals(entry.path("operation").asText())),
                    "the deployment was stopped in ECS\n" + log);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit);
            }
            Thread.sleep(100);
        }
    }
}
