package dev.ecsdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The action as a new user meets it on a terminal and as a workflow reads it: help from the input catalog, plain text
 * outside Actions, a flag without a value refused, files the runner gave that cannot be written, and a job summary
 * for every run.
 */
class CliAndSummaryTest {
    @TempDir
    Path temp;

    private static Sandbox sandbox() {
        return Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "-h", "--help"})
    void helpListsTheCommandsAndExitsZero(String word) {
        ActionHarness.Run run = new ActionHarness(temp).run(word);

        assertEquals(0, run.exitCode(), run.toString());
        for (String command : List.of("deploy", "rollback", "render", "diff", "verify", "status", "sandbox")) {
            assertTrue(run.log().contains("  " + command + " "), command + " is listed:\n" + run.log());
        }
        assertTrue(run.outputs().isEmpty(), "help is not a run: " + run.outputs());
    }

    @Test
    void aCommandsHelpListsItsInputsWithDescriptionsAndDefaultsFromTheCatalog() {
        ActionHarness.Run deploy = new ActionHarness(temp).run("deploy", "--help");
        ActionHarness.Run status = new ActionHarness(temp).run("status", "--help");

        assertEquals(0, deploy.exitCode(), deploy.toString());
        String flat = deploy.log().replaceAll("\\s+", " ");
        for (Input input : Input.values()) {
            if (input != Input.COMMAND) {
                assertTrue(deploy.log().contains("--" + input.inputName() + "\n"), input.inputName());
                assertTrue(flat.contains(input.description()), input.inputName() + ": " + input.description());
            }
        }
        assertTrue(flat.contains("--platform Target platform of the build. Default: linux/amd64."), flat);
        assertEquals(0, status.exitCode());
        assertTrue(status.log().contains("--service\n"), status.log());
        assertFalse(status.log().contains("--dockerfile"), "status builds nothing:\n" + status.log());
    }

    @Test
    void withNoCommandOutsideActionsItPrintsHelpAndDeploysNothing() {
        try (Sandbox sandbox = sandbox()) {
            ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .env("GITHUB_ACTIONS", "").run();

            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.log().startsWith("usage:"), run.log());
            assertEquals(List.of(), sandbox.auditEntries(), "not one AWS call");
        }
    }

    @Test
    void aFlagWithoutAValueIsRefusedNamingItBeforeAnyAwsCall() {
        try (Sandbox sandbox = sandbox()) {
            ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .run("deploy", "--cluster", "demo", "--service", "web", "--image");

            assertEquals(2, run.exitCode(), run.toString());
            assertEquals(1, run.annotations("error").size(), run.log());
            assertTrue(run.annotations("error").getFirst().contains("--image needs a value"), run.log());
            assertEquals(List.of(), sandbox.auditEntries(), "not one AWS call");
        }
    }

    @Test
    void outsideActionsTheLogIsPlainTextWithHeadingsAndNoWorkflowCommands() {
        try (Sandbox sandbox = sandbox()) {
            ActionHarness.Run ok = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .env("GITHUB_ACTIONS", "").run("deploy");
            ActionHarness.Run bad = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .env("GITHUB_ACTIONS", "").input("timeout", "soon").run("deploy");

            assertEquals(0, ok.exitCode(), ok.toString());
            assertTrue(ok.log().lines().anyMatch(line -> line.startsWith("== ") && line.endsWith(" ==")), ok.log());
            assertEquals(2, bad.exitCode(), bad.toString());
            assertTrue(bad.log().lines().anyMatch(line -> line.startsWith("error: ")), bad.log());
            for (ActionHarness.Run run : List.of(ok, bad)) {
                assertTrue(run.log().lines().noneMatch(line -> line.strip().startsWith("::")), run.log());
            }
        }
    }

    @Test
    void anUnwritableSummaryIsNamedAndASuccessfulDeployStillExitsZero() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("summary-is-a-directory"));
        try (Sandbox sandbox = sandbox()) {
            ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .env("GITHUB_STEP_SUMMARY", directory.toString()).run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("SUCCESSFUL", run.output("deployment-status"));
            List<String> warnings = run.annotations("warning").stream()
                    .filter(line -> line.contains("GITHUB_STEP_SUMMARY")).toList();
            assertEquals(1, warnings.size(), run.log());
            assertTrue(warnings.getFirst().contains(directory.toString()), warnings.getFirst());
        }
    }

    @Test
    void anUnwritableOutputFileIsNamedAndBadInputStillExitsTwo() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("output-is-a-directory"));
        ActionHarness.Run run = new ActionHarness(temp).env("GITHUB_OUTPUT", directory.toString())
                .input("timeout", "soon").run("render");

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.annotations("error").stream().anyMatch(line -> line.contains("GITHUB_OUTPUT (" + directory)),
                run.log());
        assertTrue(run.annotations("error").stream().anyMatch(line -> line.contains("timeout")), run.log());
    }

    @Test
    void skippedAndBadInputRunsWriteASummaryToo() {
        ActionHarness.Run skipped = new ActionHarness(temp).input("release-branch", "release/web1")
                .event("pull_request", "pr-merged-feature-login.json").run();
        ActionHarness.Run bad = new ActionHarness(temp).input("timeout", "soon").run();

        assertEquals(0, skipped.exitCode(), skipped.toString());
        assertTrue(skipped.summary().contains("SKIPPED"), skipped.summary());
        assertTrue(skipped.summary().contains("feature/login"), "says why:\n" + skipped.summary());
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.summary().contains("bad input"), bad.summary());
        assertTrue(bad.summary().contains("timeout"), "names the input:\n" + bad.summary());
        try (Sandbox sandbox = sandbox()) {
            ActionHarness.Run noService = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "nope").run();
            assertEquals(2, noService.exitCode(), noService.toString());
            assertTrue(noService.summary().contains("| bad input |") && noService.summary().contains("nope"),
                    "what the pipeline found is in the summary:\n" + noService.summary());
        }
    }

    @Test
    void renderWritesASummaryWithTheVersionAndImage() {
        ActionHarness.Run run = new ActionHarness(temp).env("AWS_REGION", "us-east-1")
                .input("version-file", "apps/web1/package.json")
                .input("task-definition", "apps/web1/task-definition.json")
                .input("image", "127.0.0.1:5000/web:v1.4.2")
                .input("rendered-file", temp.resolve("rendered.json").toString())
                .run("render");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.summary().contains("render"), run.summary());
        assertTrue(run.summary().contains("`v1.4.2`"), run.summary());
        assertTrue(run.summary().contains("`127.0.0.1:5000/web:v1.4.2`"), run.summary());
    }

    @Test
    void theDeploySummaryAndTheLogShowVersionImageDigestAndConfigEnvironment() {
        try (Sandbox sandbox = sandbox()) {
            ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .input("config", "deploy.yml").run();

            assertEquals(0, run.exitCode(), run.toString());
            String summary = run.summary();
            assertTrue(summary.contains("`v1.4.2`"), summary);
            assertTrue(summary.contains("`" + ActionHarness.SANDBOX_IMAGE + "`"), summary);
            assertTrue(summary.contains("`production` of `deploy.yml`"), summary);
            String last = run.log().lines().filter(line -> line.startsWith("deploy ")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError(run.log()));
            assertTrue(last.contains("version v1.4.2") && last.contains("image " + ActionHarness.SANDBOX_IMAGE)
                    && last.contains("config environment production"), last);
            assertFalse(summary.contains("sha256:"), "a ghcr.io image is not looked up, so no digest is claimed");
        }
    }

    @Test
    void anEcrImageIsShownWithTheDigestEcrReported() {
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0";
        try (Sandbox sandbox = sandbox()) {
            ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .input("image", image).input("force-new-deployment", "true").run();

            assertEquals(0, run.exitCode(), run.toString());
            String digest = run.output("image-digest");
            assertTrue(digest != null && digest.startsWith("sha256:"), run.toString());
            assertTrue(run.summary().contains("`" + image + "`<br>`" + digest + "`"), run.summary());
            assertTrue(run.log().contains("image " + image + " (" + digest + ")"), run.log());
        }
    }

    @Test
    void anUnexpectedErrorIsOneErrorLineAndItsTraceOnlyInDebug() {
        // A path the JVM cannot represent: nothing in the action expects it, so the last resort answers.
        ActionHarness.Run run = new ActionHarness(temp).env("GITHUB_EVENT_PATH", "event\0.json").run("render");
        ActionHarness.Run debug = new ActionHarness(temp).env("GITHUB_EVENT_PATH", "event\0.json")
                .env("RUNNER_DEBUG", "1").run("render");

        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(1, run.annotations("error").size(), run.log());
        assertTrue(run.annotations("error").getFirst().startsWith(
                "::error::The action stopped on an unexpected error: InvalidPathException"), run.log());
        assertFalse(run.log().contains("InvalidPathException.java") || run.log().contains("\tat "), run.log());
        assertEquals(1, debug.exitCode(), debug.toString());
        assertTrue(debug.annotations("debug").stream().anyMatch(line -> line.contains("%0A\tat ")),
                "the trace, as one debug command:\n" + debug.log());
    }
}
