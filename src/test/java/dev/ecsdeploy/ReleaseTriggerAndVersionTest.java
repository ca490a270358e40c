package dev.ecsdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source workflow's gating and version extraction, run as the runner runs the action. */
class ReleaseTriggerAndVersionTest {
    @TempDir
    Path temp;

    private ActionHarness web1() {
        return new ActionHarness(temp)
                .input("release-branch", "release/web1")
                .input("version-file", "apps/web1/package.json");
    }

    @Test
    void mergedReleasePrGetsTheVersionFromTheAppsPackageJsonWhateverLaterStepsDo() {
        // No service and no AWS: whatever happens after the version step, the version output is already written.
        ActionHarness.Run run = web1().event("pull_request", "pr-merged-release-web1.json").run();

        assertEquals("v1.4.2", run.output("version"), run.toString());
        assertEquals("false", run.output("skipped"), run.toString());
    }

    @Test
    void mergedFeaturePrIsSkippedWithANoticeAndExitZero() {
        ActionHarness.Run run = web1().event("pull_request", "pr-merged-feature-login.json").run();

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("true", run.output("skipped"));
        assertEquals("SKIPPED", run.output("deployment-status"));
        assertTrue(run.annotations("notice").stream().anyMatch(line -> line.contains("feature/login")), run.log());
        assertEquals(null, run.output("version"), "a skipped run resolves nothing");
    }

    @Test
    void closedUnmergedReleasePrIsSkipped() {
        ActionHarness.Run run = web1().event("pull_request", "pr-closed-unmerged-release-web1.json").run();

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("true", run.output("skipped"));
        assertTrue(run.log().contains("without merging"), run.log());
    }

    @Test
    void releasePrMergedIntoAnotherBranchIsSkipped() {
        ActionHarness.Run run = web1().event("pull_request", "pr-merged-release-web1-into-develop.json").run();

        assertEquals("true", run.output("skipped"), run.toString());
        assertTrue(run.log().contains("merged into develop, not main"), run.log());
    }

    @Test
    void dispatchWithAnExplicitVersionUsesItPrefixed() {
        ActionHarness.Run run = web1().event("workflow_dispatch", "dispatch-version-2.0.0.json")
                .input("version", "2.0.0").run();

        assertEquals("v2.0.0", run.output("version"), run.toString());
        assertEquals("false", run.output("skipped"));
    }

    @Test
    void dispatchWithLatestReadsTheVersionFile() {
        ActionHarness.Run run = web1().event("workflow_dispatch", "dispatch-latest.json")
                .input("version", "latest").run();

        assertEquals("v1.4.2", run.output("version"), run.toString());
    }

    @Test
    void aVersionWithASpaceIsRejectedNamingTheFileAndTheVersion() {
        ActionHarness.Run run = web1().event("workflow_dispatch", "dispatch-latest.json")
                .workspace(ActionHarness.FIXTURES.resolve("bad-inputs/version-with-space"))
                .input("version-file", "package.json").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = run.annotations("error").getFirst();
        assertTrue(error.startsWith("::error file=package.json,line=3,"), error);
        assertTrue(error.contains("1.0 beta"), error);
        assertEquals(null, run.output("version"));
    }

    @Test
    void brokenJsonIsAnErrorAtItsLine() {
        ActionHarness.Run run = web1().event("workflow_dispatch", "dispatch-latest.json")
                .workspace(ActionHarness.FIXTURES.resolve("bad-inputs/broken-json"))
                .input("version-file", "package.json").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.annotations("error").getFirst().startsWith("::error file=package.json,line=5,"), run.log());
    }

    @Test
    void aMissingVersionFieldIsAnError() {
        ActionHarness.Run run = web1().event("workflow_dispatch", "dispatch-latest.json")
                .workspace(ActionHarness.FIXTURES.resolve("bad-inputs/no-version"))
                .input("version-file", "package.json").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.annotations("error").getFirst().contains("has no version field"), run.log());
    }

    @Test
    void aMissingVersionFileIsAnErrorNamingTheInput() {
        ActionHarness.Run run = web1().event("workflow_dispatch", "dispatch-latest.json")
                .input("version-file", "apps/web3/package.json").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = run.annotations("error").getFirst();
        assertTrue(error.contains("title=Invalid input version-file"), error);
        assertTrue(error.contains("apps/web3/package.json does not exist"), error);
    }

    @Test
    void anUnknownBooleanWordIsAnErrorNamingTheInputNotFalse() {
        ActionHarness.Run run = web1().event("workflow_dispatch", "dispatch-latest.json")
                .input("dry-run", "yes please").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = run.annotations("error").getFirst();
        assertTrue(error.contains("title=Invalid input dry-run"), error);
        assertTrue(error.contains("\"yes please\" is not a boolean; use true or false"), error);
        assertEquals(null, run.output("version"), "nothing runs after bad input");
    }
}
