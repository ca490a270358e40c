package dev.ecsdeploy.image;

import dev.ecsdeploy.pipeline.Cancellation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the Docker CLI as a child process with an argument list (never a shell string, so no value is ever parsed by
 * a shell). The runner mounts its Docker socket into container actions, so the CLI talks to the runner's engine.
 * Secrets reach the CLI only through its environment (BuildKit {@code env=} secrets) or stdin (the registry
 * password), never through its arguments, which other processes on the machine can read.
 */
public final class DockerCli {
    /** Names the Docker CLI to run; default {@code docker} on the PATH. */
    public static final String EXECUTABLE_VARIABLE = "ECS_DEPLOY_DOCKER";
    // Only the end of a long build is needed to explain a failure; the rest has been streamed to the log already.
    private static final int KEPT_LINES = 400;
    // Well inside the 10 s a cancelled run has to exit in, and the runner's own 7.5 s from SIGINT to SIGTERM.
    private static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(4);

    private final String executable;
    private final Map<String, String> environment;

    private DockerCli(String executable, Map<String, String> environment) {
        this.executable = executable;
        this.environment = Map.copyOf(environment);
    }

    /**
     * The CLI for a run: the executable from {@value #EXECUTABLE_VARIABLE}, and the run's DOCKER_* variables
     * (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CERT_PATH, ...) passed on, because in tests and the demo the run's
     * environment is not the process environment.
     */
    public static DockerCli forEnvironment(Map<String, String> runEnv) {
        String executable = runEnv.get(EXECUTABLE_VARIABLE);
        Map<String, String> docker = new HashMap<>();
        runEnv.forEach((name, value) -> {
            if (name.startsWith("DOCKER_") && value != null && !value.isEmpty()) {
                docker.put(name, value);
            }
        });
        return new DockerCli(executable == null || executable.isBlank() ? "docker" : executable.trim(), docker);
    }

    public String executable() {
        return executable;
    }

    /** The same CLI with more environment variables (BuildKit, a private DOCKER_CONFIG, secret sources). */
    public DockerCli withEnvironment(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(more);
        return new DockerCli(executable, merged);
    }

    /** Runs {@code docker args...}, collecting its output. */
    public DockerOutput run(List<String> args) {
        return run(args, null, line -> { }, null);
    }

    /**
     * Runs {@code docker args...}; each output line goes to {@code onLine} as it arrives. {@code stdin} (may be null)
     * is written and closed first. A cancellation stops the process.
     *
     * @throws DockerUnavailableException when the CLI cannot be started at all
     */
    public DockerOutput run(List<String> args, String stdin, Consumer<String> onLine, Cancellation cancellation) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DockerUnavailableException("Cannot run the Docker CLI \"" + executable + "\": " + e.getMessage(),
                    e);
        }
        // Not interrupted when done (Cancellation treats an interrupt as a cancellation): it ends with the process.
        if (cancellation != null) {
            Thread.ofVirtual().start(() -> {
                while (process.isAlive()) {
                    if (cancellation.sleep(java.time.Duration.ofMillis(250))) {
                        stop(process);
                        return;
                    }
                }
            });
        }
        Deque<String> kept = new ArrayDeque<>();
        try {
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    onLine.accept(line);
                    kept.addLast(line);
                    if (kept.size() > KEPT_LINES) {
                        kept.removeFirst();
                    }
                }
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new DockerOutput(process.waitFor(), List.copyOf(kept));
        } catch (IOException e) {
            if (cancellation != null && cancellation.isCancelled()) {
                // Stopping the process closed its streams under the reader: that is the cancellation, not a fault.
                return new DockerOutput(exitAfterStop(process), List.copyOf(kept));
            }
            process.destroyForcibly();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running docker " + args.getFirst(), e);
        }
    }

    /**
     * Stops a cancelled command as the runner stops a step: SIGTERM, so the CLI can end its BuildKit session or
     * upload (the engine then stops the build), then SIGKILL if it is still running after a few seconds. Signalled
     * through the process handle, which, unlike {@link Process#destroy()}, leaves the output stream open to drain.
     */
    private static void stop(Process process) {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int exitAfterStop(Process process) {
        try {
            if (process.waitFor(STOP_GRACE.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }

    /** The Docker CLI could not be started (not installed, not executable). */
    public static final class DockerUnavailableException extends RuntimeException {
        DockerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
