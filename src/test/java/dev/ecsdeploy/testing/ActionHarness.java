package dev.ecsdeploy.testing;

import dev.ecsdeploy.ActionRunner;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the action in-process the way the runner runs the container: inputs as INPUT_* variables, GITHUB_* variables,
 * an event payload file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files that are read back as the runner reads them.
 */
public final class ActionHarness {
    public static final Path FIXTURES = Path.of("test-fixtures").toAbsolutePath();
    /** The pre-built image {@link #deployToSandbox} deploys. */
    public static final String SANDBOX_IMAGE = "ghcr.io/acme/web1:v1.4.2";

    private final Map<String, String> env = new HashMap<>();
    private final Path outputFile;
    private final Path summaryFile;
    private final Cancellation cancellation = new Cancellation();

    public ActionHarness(Path tempDir) {
        try {
            this.outputFile = Files.createTempFile(tempDir, "set_output_", "");
            this.summaryFile = Files.createTempFile(tempDir, "step_summary_", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_OUTPUT", outputFile.toString());
        env.put("GITHUB_STEP_SUMMARY", summaryFile.toString());
        env.put("GITHUB_WORKSPACE", FIXTURES.resolve("monorepo").toString());
        env.put("GITHUB_SERVER_URL", "https://github.com");
        env.put("GITHUB_REPOSITORY", "acme/shop");
        env.put("GITHUB_RUN_ID", "1234567890");
        env.put("GITHUB_RUN_ATTEMPT", "1");
        env.put("GITHUB_WORKFLOW", "Deploy web1");
        env.put("GITHUB_JOB", "deploy");
        env.put("GITHUB_ACTOR", "jimin");
        env.put("GITHUB_SHA", "9f1c2d3e4b5a69788776655443322110ffeeddcc");
        env.put("GITHUB_REF_NAME", "main");
        // The runner sets every declared input, given or not; an empty value means "not given".
        for (Input input : Input.values()) {
            env.put(input.environmentVariable(), "");
        }
    }

    /**
     * The run most sandbox tests start from: a manual dispatch deploying web1's pre-built image (its version from
     * apps/web1/package.json) to a service of the sandbox's cluster `demo`, looking every second, for at most 5 minutes.
     */
    public static ActionHarness deployToSandbox(Path tempDir, URI sandbox, String service) {
        return new ActionHarness(tempDir)
                .aws(sandbox)
                .event("workflow_dispatch", "dispatch-latest.json")
                .input("version-file", "apps/web1/package.json")
                .input("image", SANDBOX_IMAGE)
                .input("cluster", "demo")
                .input("service", service)
                .input("poll-interval", "1s")
                .input("timeout", "5m");
    }

    public ActionHarness input(String name, String value) {
        env.put(Input.byName(name).orElseThrow(() -> new IllegalArgumentException("no input " + name))
                .environmentVariable(), value);
        return this;
    }

    public ActionHarness env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ActionHarness workspace(Path workspace) {
        return env("GITHUB_WORKSPACE", workspace.toAbsolutePath().toString());
    }

    /** An event as the runner delivers it: GITHUB_EVENT_NAME and the payload file from test-fixtures/events. */
    public ActionHarness event(String name, String fixture) {
        env.put("GITHUB_EVENT_NAME", name);
        env.put("GITHUB_EVENT_PATH", FIXTURES.resolve("events").resolve(fixture).toString());
        return this;
    }

    /** Points the AWS clients at a sandbox, with the credentials and region it expects. */
    public ActionHarness aws(URI endpoint) {
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", "sandbox");
        env.put("AWS_SECRET_ACCESS_KEY", "sandbox");
        env.put("AWS_REGION", "us-east-1");
        return this;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /** Runs the action; the test fails if it printed a stack trace (see {@link StackTraces}). */
    public Run run(String... args) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            ActionRunner.Result result = new ActionRunner(Map.copyOf(env), out, cancellation, Clock.systemUTC())
                    .run(args);
            if (!"1".equals(env.get("RUNNER_DEBUG"))) {
                StackTraces.assertNone(log.toString(StandardCharsets.UTF_8));
            }
            return new Run(result.exitCode(), log.toString(StandardCharsets.UTF_8),
                    RunnerFiles.readOutputs(outputFile), Files.readString(summaryFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a workflow would see after the step. */
    public record Run(int exitCode, String log, Map<String, String> outputs, String summary) {
        public String output(String name) {
            return outputs.get(name);
        }

        /** The workflow-command lines of a level ("error", "warning", "notice"). */
        public java.util.List<String> annotations(String level) {
            return log.lines().filter(line -> line.startsWith("::" + level)).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- log ---\n" + log + "--- outputs ---\n" + outputs;
        }
    }
}
