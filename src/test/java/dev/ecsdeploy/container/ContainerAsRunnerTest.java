package dev.ecsdeploy.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.DockerEngine;
import dev.ecsdeploy.testing.RunnerContainer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built image ({@code scripts/build-image}) run exactly as the Actions runner runs a container action: inputs as
 * INPUT_* with action.yml's defaults, GITHUB_* at container paths, the workspace, file-command, home, workflow and
 * runner-temp mounts, the Docker socket. What a workflow sees is read back from the mounted files.
 */
class ContainerAsRunnerTest {
    private static final Path FIXTURES = Path.of("test-fixtures").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path job;

    @BeforeAll
    static void image() {
        RunnerContainer.requireImage();
    }

    private RunnerContainer runner() {
        return new RunnerContainer(job, FIXTURES.resolve("monorepo"));
    }

    /**
     * The fixture pipeline of the merged release PR, in the container, against the sandbox on the host: version from
     * the mounted workspace; web1 built with its build arg and BuildKit secret through the mounted Docker socket and
     * pushed to the registry behind the sandbox's ECR; the task definition rendered with it, secrets verified,
     * registered, rolled out and followed to the end; Slack told; GITHUB_OUTPUT and the job summary in the mounted files.
     */
    @Test
    void aMergedReleasePullRequestBuildsPushesAndDeploysTheFixtureApp() {
        DockerEngine.require();
        DockerEngine.busyboxBase();
        String npmToken = "npm-token-" + UUID.randomUUID();
        // A repository of its own (created by the action), so no other test's push to the shared registry interferes.
        String repository = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05)
                .withRegistry(DockerEngine.REGISTRY))) {
            RunnerContainer.Run run = runner()
                    .hostNetwork()
                    .event("pull_request", FIXTURES.resolve("events/pr-merged-release-web1.json"))
                    .input("release-branch", "release/web1")
                    .input("version-file", "apps/web1/package.json")
                    .input("ecr-repository", repository)
                    .input("create-repository", "true")
                    .input("dockerfile", "apps/web1/Dockerfile")
                    .input("build-args", "PROJECT=web1")
                    .input("build-secrets", "id=npm_token,env=NPM_TOKEN")
                    .input("task-definition", "apps/web1/task-definition.json")
                    .input("secrets-from", "demo/web")
                    .input("cluster", "demo")
                    .input("service", "web")
                    .input("poll-interval", "1s")
                    .input("timeout", "2m")
                    .input("slack-webhook-url", sandbox.endpoint() + "/slack/webhook/T0E2E/B0E2E/container")
                    .env("NPM_TOKEN", npmToken)
                    .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                    .env("AWS_ACCESS_KEY_ID", "AKIASANDBOX000000000")
                    .env("AWS_SECRET_ACCESS_KEY", "sandbox")
                    .env("AWS_REGION", "us-east-1")
                    .run();

            assertEquals(0, run.exitCode(), run::toString);
            // The image builds through the runner's mounted socket with the action's own Engine API client.
            assertTrue(run.log().contains(", through unix:///var/run/docker.sock); building"), run::toString);
            assertEquals("false", run.output("skipped"), run::toString);
            assertEquals("v1.4.2", run.output("version"), run::toString);
            String image = DockerEngine.REGISTRY + "/" + repository + ":v1.4.2";
            assertEquals(image, run.output("image-uri"), run::toString);
            assertEquals(DockerEngine.registryDigest(repository, "v1.4.2"), run.output("image-digest"), run::toString);
            assertTrue(run.output("image-tags").contains(image), run::toString);
            assertEquals("SUCCESSFUL", run.output("deployment-status"), run::toString);
            assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2",
                    run.output("task-definition-arn"), run::toString);
            assertEquals("2", run.output("task-definition-revision"), run::toString);
            assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
                    run.output("previous-task-definition-arn"), run::toString);
            assertEquals("false", run.output("rolled-back"), run::toString);
            assertTrue(run.output("deployment-id").startsWith("arn:aws:ecs:us-east-1:123456789012:service-deployment/"),
                    run::toString);
            assertFalse(run.summary().isBlank(), "the job summary was written to the mounted file:\n" + run);
            assertTrue(run.summary().contains("v1.4.2"), run::toString);

            // What AWS saw: the service now runs the revision the container registered, with the image it pushed.
            String running = null;
            for (var service : sandbox.state().path("services")) {
                if (service.path("name").asText().equals("web")) {
                    running = service.path("taskDefinition").asText();
                }
            }
            assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2", running);
            // Slack got the outcome through the webhook.
            List<String> slack = sandbox.auditEntries().stream()
                    .filter(entry -> "slack".equals(entry.path("service").asText()))
                    .map(entry -> entry.path("payload").toString()).toList();
            assertFalse(slack.isEmpty(), "Slack received nothing:\n" + run);
            assertTrue(slack.getLast().contains("v1.4.2"), slack.toString());

            // Secrets: the Secrets Manager value and the build secret never show, in the log, the summary, Slack or
            // the image's history. (::add-mask:: lines tell the runner what to mask; it never shows them.)
            assertTrue(run.log().lines().anyMatch(line -> line.equals("::add-mask::sandbox-secret-value")), run::toString);
            for (String secret : List.of("sandbox-secret-value", npmToken)) {
                assertFalse(run.log().lines().filter(line -> !line.startsWith("::add-mask::"))
                        .anyMatch(line -> line.contains(secret)), run::toString);
                assertFalse(run.summary().contains(secret), run::toString);
                assertFalse(slack.toString().contains(secret), slack.toString());
            }
            DockerEngine.Exec history = DockerEngine.docker("history", "--no-trunc", image);
            assertEquals(0, history.exitCode(), history.output());
            assertFalse(history.output().contains(npmToken), "the build secret is in the image history");
            // The log is UTF-8, as the runner reads it (a JVM in a container without a locale would print '?').
            assertTrue(run.log().contains("(web:1 \u2192 rendered)"), run::toString);
            assertNoJvmNoise(run);
        }
    }

    /**
     * Cancelling the workflow mid-rollout: the runner's SIGINT reaches the JVM through {@code docker run} (the JVM is
     * the container's PID 1, where a signal without a handler would be ignored), and the action stops the deployment
     * with rollback instead of leaving it half done.
     */
    @Test
    void cancellingTheWorkflowStopsTheRolloutWithRollback() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(1))) {
            RunnerContainer.Run run = runner()
                    .hostNetwork()
                    .event("push", FIXTURES.resolve("events/push-main.json"))
                    .input("version-file", "apps/web1/package.json")
                    .input("image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0")
                    .input("task-definition", "apps/web1/task-definition.json")
                    .input("cluster", "demo")
                    .input("service", "web")
                    .input("poll-interval", "1s")
                    .input("timeout", "5m")
                    .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                    .env("AWS_ACCESS_KEY_ID", "AKIASANDBOX000000000")
                    .env("AWS_SECRET_ACCESS_KEY", "sandbox")
                    .env("AWS_REGION", "us-east-1")
                    .runAndCancelWhen(() -> serviceDeploymentStatuses(sandbox, "web").contains("IN_PROGRESS"), 120);

            assertEquals(1, run.exitCode(), run::toString);
            assertEquals("CANCELLED", run.output("deployment-status"), run::toString);
            assertEquals("true", run.output("rolled-back"), run::toString);
            assertTrue(run.output("failure-reason").startsWith("Cancelled"), run::toString);
            java.util.List<String> statuses = serviceDeploymentStatuses(sandbox, "web");
            assertTrue(statuses.stream().anyMatch(status -> status.startsWith("ROLLBACK")),
                    "ECS was told to roll back; service deployments: " + statuses + "\n" + run);
        }
    }

    private static java.util.List<String> serviceDeploymentStatuses(Sandbox sandbox, String name) {
        java.util.List<String> statuses = new java.util.ArrayList<>();
        for (var service : sandbox.state().path("services")) {
            if (service.path("name").asText().equals(name)) {
                service.path("serviceDeployments").forEach(deployment -> statuses.add(deployment.path("status")
                        .asText()));
            }
        }
        return statuses;
    }

    @Test
    void aPullRequestClosedWithoutMergingIsSkippedWithExitZero() {
        RunnerContainer.Run run = runner()
                .event("pull_request", FIXTURES.resolve("events/pr-closed-unmerged-release-web1.json"))
                .input("release-branch", "release/web1")
                .input("config", "deploy.yml")
                .run();

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("true", run.output("skipped"), run::toString);
        assertEquals("SKIPPED", run.output("deployment-status"), run::toString);
        assertTrue(run.log().contains("::notice"), "the skip is announced in the log:\n" + run);
    }

    @Test
    void badInputEndsWithExitTwoAndOneErrorAnnotation() {
        RunnerContainer.Run run = runner()
                .event("push", FIXTURES.resolve("events/push-main.json"))
                .input("command", "render")
                .input("version-file", "apps/web1/package.json")
                .input("task-definition", "apps/web1/task-definition.json")
                .input("image", "127.0.0.1:5000/web:v1.4.2")
                .input("timeout", "soon")
                .env("AWS_REGION", "us-east-1")
                .run();

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.log().lines().filter(line -> line.startsWith("::error")).count(), run::toString);
        assertTrue(run.log().contains("timeout"), "the error names the input:\n" + run);
    }

    private static void assertNoJvmNoise(RunnerContainer.Run run) {
        for (String line : run.log().lines().toList()) {
            assertFalse(line.startsWith("[") && line.contains("][warning]"), "JVM warning in the log: " + line);
            assertFalse(line.startsWith("OpenJDK 64-Bit Server VM warning"), "JVM warning in the log: " + line);
            assertFalse(line.startsWith("NOTE: Picked up"), "launcher note in the log: " + line);
        }
    }

    /** The JVM's own warnings (an AOT cache it cannot use, deprecated flags) would land in every user's log. */
    @Test
    void theJvmPrintsNothingOfItsOwn() {
        RunnerContainer.Run run = runner().event("push", FIXTURES.resolve("events/push-main.json")).run("help");
        assertEquals(0, run.exitCode(), run::toString);
        assertNoJvmNoise(run);
    }

    @Test
    void theImageIsSmallAndItsJvmUsesTheAotCache() {
        RunnerContainer.Exec size = RunnerContainer.exec(java.util.List.of(RunnerContainer.DOCKER, "image", "inspect",
                "--format", "{{.Size}}", RunnerContainer.IMAGE), 60);
        assertEquals(0, size.exitCode(), size.output());
        long megabytes = Long.parseLong(size.output().strip()) / 1_000_000;
        assertTrue(megabytes < 200, "the image is " + megabytes + " MB; the target is under 200 MB");

        // -XX:AOTMode=on makes a JVM that cannot map the cache exit with an error instead of running without it.
        RunnerContainer.Exec aot = RunnerContainer.exec(java.util.List.of(RunnerContainer.DOCKER, "run", "--rm",
                "--entrypoint", "/opt/java/bin/java", RunnerContainer.IMAGE, "@/opt/ecs-deploy-action/jvm.args",
                "-XX:AOTCache=/opt/ecs-deploy-action/app.aot", "-XX:AOTMode=on", "-Xlog:aot=info",
                "-jar", "/opt/ecs-deploy-action/ecs-deploy-action.jar", "help"), 120);
        assertEquals(0, aot.exitCode(), aot.output());
        assertTrue(aot.output().contains("usage:"), aot.output());
    }
}
