package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15's words: an ending says what was seen, in the unit given, with no empty section. */
class EndingWordsTest {
    @TempDir
    Path temp;

    private ActionHarness deploy(Sandbox sandbox, String service) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), service)
                .input("task-definition", "apps/web1/task-definition.json");
    }

    @Test
    void aTimeoutSaysWhatWasSeenAndOnlyClaimsTheRollbackItSaw() {
        // Real time: five seconds are far too few for the rolling deployment to finish.
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.HEALTHY)
                .withTimeScale(1.0))) {
            ActionHarness.Run run = deploy(sandbox, "web").input("timeout", "5s").input("poll-interval", "1s").run();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("TIMED_OUT", run.output("deployment-status"), run.toString());
            String reason = run.output("failure-reason");
            assertTrue(reason.contains("within 5s"), reason);
            assertTrue(reason.contains("Last seen: ") && reason.contains("running"), "says what was seen: " + reason);
            assertFalse(run.log().contains("gave no reason"), run.log());
            assertFalse(run.summary().contains("Why it failed"), "no empty section:\n" + run.summary());
            if (run.output("rolled-back").equals("true")) {
                assertTrue(reason.contains("stopped it and rolled back"), reason);
            } else {
                assertTrue(reason.contains("not seen to finish"), "says the rollback was not seen: " + reason);
            }
        }
    }

    @Test
    void aTimeoutShorterThanTheBakeTimeIsWarnedAboutInItsOwnUnit() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.HEALTHY)
                .withTimeScale(0.01))) {
            ActionHarness.Run run = deploy(sandbox, "web-bg").input("timeout", "5s").input("bake-time", "2m")
                    .input("dry-run", "true").run();

            assertTrue(run.log().contains("Input timeout: 5s is not more than the 2m"), run.log());
            assertFalse(run.log().contains("0 minutes"), run.log());
        }
    }

    @Test
    void theCrashedContainersLastLogLinesAreInTheLogInAGroup() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.CRASH)
                .withTimeScale(0.03))) {
            ActionHarness.Run run = deploy(sandbox, "web").run();

            assertEquals(1, run.exitCode(), run.toString());
            int group = run.log().indexOf("::group::Last log lines of container");
            assertTrue(group >= 0, run.log());
            String afterGroup = run.log().substring(group);
            assertTrue(afterGroup.contains("::endgroup::"), run.log());
            assertTrue(afterGroup.substring(0, afterGroup.indexOf("::endgroup::")).lines().count() > 1,
                    "the group holds the lines\n" + run.log());
        }
    }
}
