package dev.ecsdeploy.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecsdeploy.config.Input;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the action's image the way the Actions runner runs a container action (actions/runner
 * ContainerActionHandler.cs, DockerCommandManager.cs; ../shared/reference/ecs-api-facts.md §4): {@code docker run
 * --workdir /github/workspace --rm}, every declared input as {@code INPUT_*} with action.yml's default, the
 * {@code GITHUB_*} variables rewritten to container paths, the workspace, file-command, home, workflow and
 * runner-temp directories mounted from the host, and the host's Docker socket. GITHUB_OUTPUT and the job summary are
 * read back from the mounted files, as the runner reads them after the step.
 */
public final class RunnerContainer {
    /** The image scripts/build-image makes. */
    public static final String IMAGE = System.getenv().getOrDefault("ECS_DEPLOY_IMAGE", "ecs-deploy-action:local");
    /** Debian's 20.10 CLI (BuildKit built in); a newer CLI on the PATH may lack its buildx plugin. */
    public static final String DOCKER = System.getenv().getOrDefault("ECS_DEPLOY_DOCKER", "/usr/bin/docker");
    private static final String SOCKET = "/var/run/docker.sock";

    private final Path root;
    private final Path workspace;
    private final Path fileCommands;
    private final Path workflow;
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean hostNetwork;

    /** A runner "job" under {@code root}: its own workspace (a copy of {@code sourceTree}) and file-command files. */
    public RunnerContainer(Path root, Path sourceTree) {
        this.root = root;
        this.workspace = root.resolve("workspace");
        this.fileCommands = root.resolve("file_commands");
        this.workflow = root.resolve("workflow");
        try {
            copyTree(sourceTree, workspace);
            for (String dir : List.of("file_commands", "workflow", "home", "runner_temp")) {
                Files.createDirectories(root.resolve(dir));
            }
            // The runner creates the file-command files before the step (FileCommandManager.InitializeFiles).
            for (String file : List.of("set_output_1", "set_env_1", "add_path_1", "save_state_1", "step_summary_1")) {
                Files.writeString(fileCommands.resolve(file), "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The runner sets every input action.yml declares: its `default:` there, else "" (ActionRunner.cs). Not the
        // catalog's defaults: action.yml declares none, so the action must tell "not given" from an empty value.
        Map<String, String> declared = declaredInputDefaults();
        for (Input input : Input.values()) {
            env.put(input.environmentVariable(), declared.getOrDefault(input.inputName(), ""));
        }
        env.put("HOME", "/github/home");
        env.put("GITHUB_ACTIONS", "true");
        env.put("CI", "true");
        env.put("GITHUB_WORKSPACE", "/github/workspace");
        env.put("GITHUB_EVENT_PATH", "/github/workflow/event.json");
        env.put("GITHUB_OUTPUT", "/github/file_commands/set_output_1");
        env.put("GITHUB_ENV", "/github/file_commands/set_env_1");
        env.put("GITHUB_PATH", "/github/file_commands/add_path_1");
        env.put("GITHUB_STATE", "/github/file_commands/save_state_1");
        env.put("GITHUB_STEP_SUMMARY", "/github/file_commands/step_summary_1");
        env.put("RUNNER_TEMP", "/github/runner_temp");
        env.put("RUNNER_OS", "Linux");
        env.put("GITHUB_SERVER_URL", "https://github.com");
        env.put("GITHUB_API_URL", "https://api.github.com");
        env.put("GITHUB_REPOSITORY", "acme/shop");
        env.put("GITHUB_REPOSITORY_OWNER", "acme");
        env.put("GITHUB_RUN_ID", "1234567890");
        env.put("GITHUB_RUN_NUMBER", "17");
        env.put("GITHUB_RUN_ATTEMPT", "1");
        env.put("GITHUB_WORKFLOW", "Deploy web1");
        env.put("GITHUB_JOB", "deploy");
        env.put("GITHUB_ACTION", "deploy");
        env.put("GITHUB_ACTOR", "jimin");
        env.put("GITHUB_SHA", "9f1c2d3e4b5a69788776655443322110ffeeddcc");
        env.put("GITHUB_REF", "refs/heads/main");
        env.put("GITHUB_REF_NAME", "main");
        env.put("GITHUB_REF_TYPE", "branch");
    }

    /** Skips the calling test without the image, unless ECS_DEPLOY_REQUIRE_DOCKER=1 (CI), where that is a failure. */
    public static void requireImage() {
        String problem = imageProblem();
        if (problem == null) {
            return;
        }
        if ("1".equals(System.getenv("ECS_DEPLOY_REQUIRE_DOCKER"))) {
            fail(problem + " (ECS_DEPLOY_REQUIRE_DOCKER=1, so this is a failure, not a skip)");
        }
        assumeTrue(false, problem);
    }

    private static String imageProblem() {
        if (!Files.isExecutable(Path.of(DOCKER))) {
            return "no Docker CLI at " + DOCKER + ": run scripts/build-image (it installs Docker and builds " + IMAGE + ")";
        }
        Exec inspect = exec(List.of(DOCKER, "image", "inspect", "--format", "{{.Id}}", IMAGE), 60);
        if (inspect.exitCode() != 0) {
            return "the image " + IMAGE + " is absent: run scripts/build-image (" + inspect.output().strip() + ")";
        }
        return null;
    }

    public RunnerContainer input(String name, String value) {
        Input input = Input.byName(name).orElseThrow(() -> new IllegalArgumentException("no input " + name));
        env.put(input.environmentVariable(), value);
        return this;
    }

    public RunnerContainer env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The event the workflow was triggered by: GITHUB_EVENT_NAME and the payload at /github/workflow/event.json. */
    public RunnerContainer event(String name, Path payload) {
        try {
            Files.copy(payload, workflow.resolve("event.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env("GITHUB_EVENT_NAME", name);
    }

    /** action.yml's inputs and the default each declares ("" where it declares none), as the runner reads them. */
    private static Map<String, String> declaredInputDefaults() {
        try {
            JsonNode inputs = new ObjectMapper(new YAMLFactory()).readTree(Path.of("action.yml").toFile()).path("inputs");
            Map<String, String> defaults = new LinkedHashMap<>();
            inputs.properties().forEach(entry -> defaults.put(entry.getKey(), entry.getValue().path("default").asText("")));
            return defaults;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code --network host}: the container reaches a sandbox and registry listening on the host's loopback. */
    public RunnerContainer hostNetwork() {
        this.hostNetwork = true;
        return this;
    }

    public Path workspace() {
        return workspace;
    }

    public Path runnerTemp() {
        return root.resolve("runner_temp");
    }

    /** The {@code docker run} command line, as the runner builds it. */
    public List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(DOCKER, "run", "--rm", "--workdir", "/github/workspace"));
        if (hostNetwork) {
            command.addAll(List.of("--network", "host"));
        }
        env.forEach((name, value) -> command.addAll(List.of("-e", name + "=" + value)));
        command.addAll(List.of("-v", SOCKET + ":" + SOCKET));
        for (String dir : List.of("runner_temp", "home", "workflow", "file_commands", "workspace")) {
            command.addAll(List.of("-v", root.resolve(dir).toAbsolutePath() + ":/github/" + dir));
        }
        command.add(IMAGE);
        command.addAll(List.of(args));
        return command;
    }

    /** Runs the step and reads back what the runner would: exit code, log, GITHUB_OUTPUT, job summary. */
    public Run run(String... args) {
        Exec exec = exec(command(args), 600);
        try {
            return new Run(exec.exitCode(), exec.output(),
                    RunnerFiles.readOutputs(fileCommands.resolve("set_output_1")),
                    Files.readString(fileCommands.resolve("step_summary_1")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the step and cancels the workflow once {@code when} holds, as the runner cancels a step: SIGINT to the
     * process it started (here the {@code docker run} CLI, which passes the signal on to the container's PID 1), then
     * SIGTERM 7.5 s later if the step is still running (actions/runner ProcessInvoker). {@code when} is polled every
     * 100 ms for at most {@code withinSeconds}; the test fails if it never holds.
     */
    public Run runAndCancelWhen(java.util.function.BooleanSupplier when, int withinSeconds) {
        try {
            Process process = new ProcessBuilder(command()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(withinSeconds);
            while (!when.getAsBoolean()) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroyForcibly();
                    fail("the moment to cancel never came; the step printed:\n"
                            + new String(output.join(), StandardCharsets.UTF_8));
                }
                Thread.sleep(100);
            }
            signal(process, "INT");
            if (!process.waitFor(7500, TimeUnit.MILLISECONDS)) {
                signal(process, "TERM");
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the step did not end after SIGINT and SIGTERM");
            }
            return new Run(process.exitValue(), new String(output.join(), StandardCharsets.UTF_8),
                    RunnerFiles.readOutputs(fileCommands.resolve("set_output_1")),
                    Files.readString(fileCommands.resolve("step_summary_1")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** What a workflow would see after the step. */
    public record Run(int exitCode, String log, Map<String, String> outputs, String summary) {
        public Run {
            StackTraces.assertNone(log);
        }

        public String output(String name) {
            return outputs.get(name);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- log ---\n" + log + "--- outputs ---\n" + outputs + "\n--- summary ---\n"
                    + summary;
        }
    }

    /** A finished process: its exit code and what it printed (stdout and stderr together). */
    public record Exec(int exitCode, String output) {
    }

    public static Exec exec(List<String> command, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command.subList(0, Math.min(3, command.size()))) + " did not finish in "
                        + timeoutSeconds + "s");
            }
            return new Exec(process.exitValue(), new String(output.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies a fixture tree (a workspace to change without touching test-fixtures). */
    public static void copyTree(Path source, Path target) throws IOException {
        try (var paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination);
                }
            }
        }
    }
}
