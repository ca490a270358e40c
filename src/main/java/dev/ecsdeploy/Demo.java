package dev.ecsdeploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.WorkflowCommands;
import dev.ecsdeploy.image.DockerCli;
import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code demo}: the deploy pipeline of a merged release PR for the bundled example app, run as the runner would run
 * it against an in-process sandbox (a simulated AWS, sped up), printing the workflow log, the outputs, the job
 * summary and what Slack received. Needs no AWS account. With a Docker engine (and a registry, see {@link DemoDocker})
 * it builds, tags and pushes the app's image and deploys that digest; without, it deploys a pre-built image.
 */
public final class Demo {
    private static final String[] APP_FILES = {"app/package.json", "app/task-definition.json", "app/Dockerfile",
            "app/server.js"};
    private static final String PREBUILT_IMAGE = "ghcr.io/acme/web1:v1.4.2";
    /** Fast enough for a first look, slow enough that the log shows the rollout move. */
    private static final double TIME_SCALE = 0.05;

    private Demo() {
    }

    /** The demo as a new user runs it: {@code demo [--scenario S]}, Docker as the machine has it. */
    public static int run(PrintStream out, String[] args, Map<String, String> processEnv) {
        Scenario scenario;
        try {
            scenario = scenario(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        }
        DemoDocker.Found docker = DemoDocker.find(processEnv);
        try (Sandbox sandbox = Sandbox.start(sandboxOptions(scenario, docker))) {
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
            input(env, Input.TASK_DEFINITION, "app/task-definition.json");
            input(env, Input.SECRETS_FROM, "demo/web");
            input(env, Input.ENVIRONMENT_VARIABLES, "RELEASE=web1-1.4.2");
            input(env, Input.CLUSTER, "demo");
            input(env, Input.SERVICE, "web");
            input(env, Input.POLL_INTERVAL, "1s");
            input(env, Input.SLACK_WEBHOOK_URL, sandbox.endpoint() + "/slack/webhook/T0DEMO/B0DEMO/demo");
            String plan;
            if (docker instanceof DemoDocker.Ready ready) {
                buildInputs(env, processEnv, ready.docker());
                plan = "building app/Dockerfile (build arg PROJECT, secret npm_token) with Docker, pushing it to "
                        + ready.docker().registry() + (ready.docker().startedRegistry() ? " (a registry the demo"
                        + " started)" : "") + " behind the sandbox's ECR";
            } else {
                input(env, Input.IMAGE, PREBUILT_IMAGE);
                plan = "skipping the build and push: " + ((DemoDocker.Missing) docker).reason() + "; deploying the"
                        + " pre-built image " + PREBUILT_IMAGE + " instead";
            }

            out.println("== Demo: a merged release/web1 PR, deployed to a simulated AWS (sandbox at "
                    + sandbox.endpoint() + ", time x" + TIME_SCALE + ", scenario " + scenario.cliName() + ") ==");
            out.println("Plan: " + plan + ".");
            out.println();
            out.println("== Workflow log ==");
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
            out.println();
            out.println("== What the service runs ==");
            out.println(ServiceImage.describe(env, "demo", "web"));
            // Only a deployment that started and failed is the scenario's point; anything earlier is a real problem.
            if (scenario != Scenario.HEALTHY && result.exitCode() == 1 && result.outputs().containsKey("deployment-id")) {
                out.println();
                out.println("== The failure was the point ==");
                out.println("Scenario " + scenario.cliName() + " makes the new revision fail in the sandbox; the action"
                        + " exited " + result.exitCode() + " with deployment-status=" + result.outputs()
                        .getOrDefault("deployment-status", "?") + ", as a workflow step would fail. The demo itself"
                        + " succeeded.");
                return 0;
            }
            if (scenario != Scenario.HEALTHY && result.exitCode() == 0) {
                out.println();
                out.println("Scenario " + scenario.cliName() + ": the action rode it out and the deployment succeeded.");
            }
            return result.exitCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (docker instanceof DemoDocker.Ready ready) {
                ready.docker().close();
            }
        }
    }

    /** What the run produced, shown as the log shows relayed text: no line of it can command a runner. */
    private static void relay(PrintStream out, String text) {
        for (String line : text.split("\\R", -1)) {
            out.println(WorkflowCommands.neutralise(line));
        }
    }

    private static Scenario scenario(String[] args) {
        Scenario scenario = Scenario.HEALTHY;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--scenario") && i + 1 < args.length) {
                scenario = Scenario.parse(args[++i]);
            } else if (args[i].startsWith("--scenario=")) {
                scenario = Scenario.parse(args[i].substring("--scenario=".length()));
            } else {
                throw new IllegalArgumentException("usage: demo [--scenario " + String.join("|",
                        Arrays.stream(Scenario.values()).map(Scenario::cliName).toList()) + "]");
            }
        }
        return scenario;
    }

    private static SandboxOptions sandboxOptions(Scenario scenario, DemoDocker.Found docker) {
        SandboxOptions options = SandboxOptions.defaults().withTimeScale(TIME_SCALE).withScenario(scenario);
        return docker instanceof DemoDocker.Ready ready ? options.withRegistry(ready.docker().registry()) : options;
    }

    /** The build the source workflow does: version tag and latest, a build arg, a BuildKit secret. */
    private static void buildInputs(Map<String, String> env, Map<String, String> processEnv, DemoDocker docker) {
        processEnv.forEach((name, value) -> {
            if (name.startsWith("DOCKER_") || name.equals(DockerCli.EXECUTABLE_VARIABLE)) {
                env.put(name, value);
            }
        });
        env.put(DockerCli.EXECUTABLE_VARIABLE, docker.executable());
        env.put("NPM_TOKEN", "demo-npm-token-" + UUID.randomUUID());
        input(env, Input.ECR_REPOSITORY, "web1");
        input(env, Input.CREATE_REPOSITORY, "true");
        input(env, Input.DOCKERFILE, "app/Dockerfile");
        input(env, Input.BUILD_CONTEXT, "app");
        input(env, Input.BUILD_ARGS, "PROJECT=web1\nBASE=" + docker.baseImage());
        input(env, Input.BUILD_SECRETS, "id=npm_token,env=NPM_TOKEN");
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
