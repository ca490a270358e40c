package dev.ecsdeploy.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The action as a real JVM process, for what only a process shows (signals, exit within a time): {@code Main} with
 * the given arguments, run inside Actions (GITHUB_ACTIONS, GITHUB_OUTPUT) against a sandbox, nothing inherited from
 * the test's own GITHUB_*, INPUT_* or AWS_* variables, stdout and stderr together in a log file.
 */
public final class ActionProcess {
    private ActionProcess() {
    }

    public static ProcessBuilder builder(List<String> args, Path directory, URI sandbox, Path outputFile,
                                         Path logFile) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.ecsdeploy.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("GITHUB_") || name.startsWith("INPUT_")
                || name.startsWith("AWS_"));
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_OUTPUT", outputFile.toString());
        env.put("AWS_ENDPOINT_URL", sandbox.toString());
        env.put("AWS_ACCESS_KEY_ID", "sandbox");
        env.put("AWS_SECRET_ACCESS_KEY", "sandbox");
        env.put("AWS_REGION", "us-east-1");
        return builder;
    }

    public static String read(Path logFile) {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Polls every 100 ms; fails with what the action printed if the condition does not hold in time. */
    public static void waitFor(BooleanSupplier condition, Duration limit, Path logFile) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + "; the action printed:\n" + read(logFile));
            }
            Thread.sleep(100);
        }
    }
}
