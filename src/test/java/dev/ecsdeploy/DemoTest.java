package dev.ecsdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.image.DockerCli;
import dev.ecsdeploy.testing.DockerEngine;
import dev.ecsdeploy.testing.StackTraces;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** `demo` is a new user's first run: the whole pipeline against the in-process sandbox, ending in success. */
class DemoTest {
    private record Demoed(int exit, String printed) {
    }

    private static Demoed demo(Map<String, String> env, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exit = Demo.run(out, args, env);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        StackTraces.assertNone(printed);
        return new Demoed(exit, printed);
    }

    private static void assertEndsWithOutputsSummaryAndSlack(String printed) {
        assertTrue(printed.lines().noneMatch(line -> line.strip().startsWith("::")), "a terminal gets plain text:\n"
                + printed);
        assertTrue(printed.contains("version=v1.4.2"), printed);
        assertTrue(printed.contains("== Outputs =="), printed);
        assertTrue(printed.contains("== Job summary =="), printed);
        assertTrue(printed.contains("== Slack received =="), printed);
        assertFalse(printed.contains("sandbox-secret-value"), "the demo secret's value is never printed");
        assertFalse(printed.contains("demo-npm-token-"), "the build secret's value is never printed");
    }

    @Test
    void withDockerTheDemoBuildsTagsAndPushesTheAppAndDeploysThatDigest() {
        DockerEngine.require();
        Demoed demo = demo(Map.of(DockerCli.EXECUTABLE_VARIABLE, DockerEngine.CLI));
        String printed = demo.printed();

        assertEquals(0, demo.exit(), printed);
        assertTrue(printed.lines().findFirst().orElse("").startsWith("== Demo: a merged release/web1 PR"), printed);
        assertTrue(printed.contains("== Build " + DockerEngine.REGISTRY + "/web1:v1.4.2 =="), printed);
        assertTrue(printed.contains("RUN --mount=type=secret,id=npm_token"), "the build uses the secret:\n" + printed);
        assertTrue(printed.contains("image-tags=" + DockerEngine.REGISTRY + "/web1:v1.4.2," + DockerEngine.REGISTRY
                + "/web1:latest"), printed);
        Matcher digest = Pattern.compile("(?m)^image-digest=(sha256:[0-9a-f]{64})$").matcher(printed);
        assertTrue(digest.find(), printed);
        assertEquals(DockerEngine.registryDigest("web1", "v1.4.2"), digest.group(1), "the digest the registry holds");
        assertTrue(printed.contains("deployment-status=SUCCESSFUL"), printed);
        assertTrue(printed.contains("from " + DockerEngine.REGISTRY + "/web1:v1.4.2, which ECR holds as "
                + digest.group(1) + "."), "the service runs the image just pushed:\n" + printed);
        assertTrue(printed.contains("\"text\" : \"Deployed web v1.4.2\""), "Slack heard of the deployment:\n" + printed);
        assertEndsWithOutputsSummaryAndSlack(printed);
    }

    @Test
    void withNoRegistryAnsweringTheDemoStartsDockerRegistryAndPushesThere() {
        DockerEngine.require();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-registry")), "docker-registry installed");
        Demoed demo = demo(Map.of(DockerCli.EXECUTABLE_VARIABLE, DockerEngine.CLI,
                DemoDocker.REGISTRY_VARIABLE, "127.0.0.1:1"));
        String printed = demo.printed();

        assertEquals(0, demo.exit(), printed);
        Matcher plan = Pattern.compile("pushing it to (127\\.0\\.0\\.1:\\d+) \\(a registry the demo started\\)")
                .matcher(printed);
        assertTrue(plan.find(), printed);
        Matcher digest = Pattern.compile("(?m)^image-digest=(sha256:[0-9a-f]{64})$").matcher(printed);
        assertTrue(digest.find(), printed);
        assertTrue(printed.contains("from " + plan.group(1) + "/web1:v1.4.2, which ECR holds as " + digest.group(1)),
                printed);
        assertFalse(DockerEngine.exec(List.of("curl", "-fsS", "http://" + plan.group(1) + "/v2/"), null).exitCode()
                == 0, "the demo stopped the registry it started");
    }

    @Test
    void withoutDockerTheDemoSaysInOneLineWhatItSkipsAndDeploysThePrebuiltImage() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(DockerCli.EXECUTABLE_VARIABLE, "/nonexistent/docker");
        Demoed demo = demo(env);
        String printed = demo.printed();

        assertEquals(0, demo.exit(), printed);
        assertEquals(1, printed.lines().filter(line -> line.contains("skipping the build and push")).count(), printed);
        assertTrue(printed.contains("Plan: skipping the build and push: no Docker CLI (/nonexistent/docker cannot run;"
                + " install docker.io or set ECS_DEPLOY_DOCKER); deploying the pre-built image ghcr.io/acme/web1:v1.4.2"
                + " instead."), printed);
        assertFalse(printed.contains("== Build "), printed);
        assertTrue(printed.contains("deployment-status=SUCCESSFUL"), printed);
        assertTrue(printed.contains("task-definition-arn=arn:aws:ecs:us-east-1:123456789012:task-definition/web:2"),
                printed);
        assertTrue(printed.contains("\"text\" : \"Deployed web v1.4.2\""), "Slack heard of the deployment:\n" + printed);
        assertEndsWithOutputsSummaryAndSlack(printed);
    }

    @Test
    void anUnhealthyScenarioShowsTheFailureExplainedAndRolledBackAndTheDemoStillSucceeds() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(DockerCli.EXECUTABLE_VARIABLE, "/nonexistent/docker");
        Demoed demo = demo(env, "--scenario", "unhealthy");
        String printed = demo.printed();

        assertEquals(0, demo.exit(), printed);
        assertTrue(printed.contains("rolled-back=true"), printed);
        assertTrue(printed.contains("== The failure was the point =="), printed);
        assertTrue(printed.contains("Scenario unhealthy makes the new revision fail"), printed);
        assertTrue(printed.contains("Service web runs web:1"), "the service is back on the old revision:\n" + printed);
        assertTrue(printed.lines().anyMatch(line -> line.startsWith("error: ")), "the failure is explained:\n"
                + printed);
        assertEndsWithOutputsSummaryAndSlack(printed);
    }

    @Test
    void anUnknownScenarioIsRefusedWithTheList() {
        Demoed demo = demo(Map.of(), "--scenario", "sunny");
        assertEquals(2, demo.exit());
        assertTrue(demo.printed().contains("Unknown scenario \"sunny\"; use one of healthy, unhealthy"), demo.printed());
    }
}
