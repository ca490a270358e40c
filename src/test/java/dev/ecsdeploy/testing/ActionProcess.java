package dev.ecsdeploy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The action as a real JVM process in the monorepo fixture, as the runner starts it, so that signals reach it for
 * real: a cancelled workflow is a SIGTERM to this process.
 */
public final class ActionProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Path outputFile;

    private ActionProcess(Process process, Path log, Path outputFile) {
        this.process = process;
        this.log = log;
        this.outputFile = outputFile;
    }

    /** Starts {@code Main} with these arguments against the sandbox at {@code endpoint}. */
    public static ActionProcess start(Path temp, URI endpoint, List<String> args) {
        return start(temp, endpoint, args, Map.of());
    }

    /** The same with more environment (e.g. ECS_DEPLOY_UNREACHABLE_WINDOW). */
    public static ActionProcess start(Path temp, URI endpoint, List<String> args, Map<String, String> moreEnv) {
        return start(temp, endpoint, args, ActionHarness.FIXTURES.resolve("monorepo"), moreEnv);
    }

    /** The same in another working directory, with more environment (e.g. the Docker CLI to use). */
    public static ActionProcess start(Path temp, URI endpoint, List<String> args, Path directory,
                                      Map<String, String> moreEnv) {
        try {
            Path outputFile = Files.createTempFile(temp, "github_output", "");
            Path log = Files.createTempFile(temp, "log", ".txt");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.ecsdeploy.Main"));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("GITHUB_") || name.startsWith("INPUT_")
                    || name.startsWith("AWS_"));
            env.put("GITHUB_ACTIONS", "true");
            env.put("GITHUB_OUTPUT", outputFile.toString());
            env.put("AWS_ENDPOINT_URL", endpoint.toString());
            env.put("AWS_ACCESS_KEY_ID", "sandbox");
            env.put("AWS_SECRET_ACCESS_KEY", "sandbox");
            env.put("AWS_REGION", "us-east-1");
            env.putAll(moreEnv);
            env.values().removeIf(String::isEmpty); // an empty value in moreEnv unsets the variable
            return new ActionProcess(builder.start(), log, outputFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls every 100 ms; fails with what the action printed if the condition does not hold in time. */
    public void waitFor(java.util.function.BooleanSupplier condition, java.time.Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + "; the action printed:\n" + log());
            }
            Thread.sleep(100);
        }
    }

    public Process process() {
        return process;
    }

    /** SIGTERM, as the runner sends on cancellation; the seconds until the process exited, or -1 past the limit. */
    public double terminateAndWait(int limitSeconds) throws InterruptedException {
        long signalled = System.nanoTime();
        process.destroy();
        return process.waitFor(limitSeconds, TimeUnit.SECONDS) ? (System.nanoTime() - signalled) / 1e9 : -1;
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GITHUB_OUTPUT as written, line by line (a value written twice shows twice here). */
    public Path outputFile() {
        return outputFile;
    }

    public Map<String, String> outputs() {
        try {
            return RunnerFiles.readOutputs(outputFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the process; the test fails if it printed a stack trace (see {@link StackTraces}). */
    @Override
    public void close() {
        process.destroyForcibly();
        StackTraces.assertNone(log());
    }
}
