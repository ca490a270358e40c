package dev.ecsdeploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.WorkflowCommands;
import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code demo}: the deploy pipeline of a merged release PR for the bundled example app, run as the runner would run
 * it against an in-process sandbox (a simulated AWS, sped up), printing the workflow log, the outputs, the job
 * summary and what Slack received. Needs no AWS account and no Docker: the image is a pre-built one.
 */
public final class Demo {
    private static final String[] APP_FILES = {"app/package.json", "app/task-definition.json"};
    /** Fast enough for a first look, slow enough that the log shows the rollout move. */
    private static final double TIME_SCALE = 0.05;

    private Demo() {
    }

    public static int run(PrintStream out) {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(TIME_SCALE))) {
            Path workspace = Files.createTempDirectory("ecs-deploy-demo");
            for (String file : APP_FILES) {
                copyResource(file, workspace.resolve(file));
            }
            Path event = copyResource("event.json", workspace.resolve(".github-event.json"));
            Map<String, String> env = runnerEnvironment(workspace, event);
            env.put("AWS_ENDPOINT_URL", sandbox.endpoint().toString());
            env.put("AWS_ACCESS_KEY_ID", "sandbox");
            env.put("AWS_SECRET_ACCESS_KEY", "sandbox");
            env.put("AWS_REGION", "us-east-1");
            input(env, Input.RELEASE_BRANCH, "release/web1");
            input(env, Input.VERSION_FILE, "app/package.json");
            input(env, Input.IMAGE, "ghcr.io/acme/web1:v1.4.2");
            input(env, Input.TASK_DEFINITION, "app/task-definition.json");
            input(env, Input.SECRETS_FROM, "demo/web");
            input(env, Input.ENVIRONMENT_VARIABLES, "RELEASE=web1-1.4.2");
            input(env, Input.CLUSTER, "demo");
            input(env, Input.SERVICE, "web");
            input(env, Input.POLL_INTERVAL, "1s");
            input(env, Input.SLACK_WEBHOOK_URL, sandbox.endpoint() + "/slack/webhook/T0DEMO/B0DEMO/demo");

            out.println("== Workflow log (sandbox at " + sandbox.endpoint() + ", time x" + TIME_SCALE + ") ==");
            ActionRunner.Result result = new ActionRunner(env, out, new Cancellation(), Clock.systemUTC()).run(
                    new String[] {"deploy"});
            out.println();
            out.println("== Outputs ==");
            result.outputs().forEach((name, value) -> relay(out, name + "=" + value));
            if (result.summaryMarkdown() != null) {
                out.println();
                out.println("== Job summary ==");
                relay(out, result.summaryMarkdown());
            }
            List<JsonNode> slack = sandbox.auditEntries().stream()
                    .filter(entry -> "slack".equalsIgnoreCase(entry.path("service").asText())).toList();
            if (!slack.isEmpty()) {
                out.println();
                out.println("== Slack received ==");
                slack.forEach(entry -> relay(out, entry.path("payload").toPrettyString()));
            }
            return result.exitCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the run produced, shown as the log shows relayed text: no line of it can command a runner. */
    private static void relay(PrintStream out, String text) {
        for (String line : text.split("\\R", -1)) {
            out.println(WorkflowCommands.neutralise(line));
        }
    }

    private static void input(Map<String, String> env, Input input, String value) {
        env.put(input.environmentVariable(), value);
    }

    /** The variables the runner sets for a pull_request run of the source workflow. */
    private static Map<String, String> runnerEnvironment(Path workspace, Path event) {
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_WORKSPACE", workspace.toString());
        env.put("GITHUB_EVENT_NAME", "pull_request");
        env.put("GITHUB_EVENT_PATH", event.toString());
        env.put("GITHUB_REPOSITORY", "acme/shop");
        env.put("GITHUB_SERVER_URL", "https://github.com");
        env.put("GITHUB_RUN_ID", "1234567890");
        env.put("GITHUB_RUN_ATTEMPT", "1");
        env.put("GITHUB_WORKFLOW", "Deploy web1");
        env.put("GITHUB_JOB", "deploy");
        env.put("GITHUB_ACTOR", "jimin");
        env.put("GITHUB_SHA", "9f1c2d3e4b5a69788776655443322110ffeeddcc");
        env.put("GITHUB_REF_NAME", "main");
        return env;
    }

    private static Path copyResource(String name, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = Demo.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IOException("The jar lacks its demo resource " + name);
            }
            Files.copy(in, target);
        }
        return target;
    }
}
