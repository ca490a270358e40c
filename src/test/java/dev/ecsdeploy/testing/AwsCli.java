package dev.ecsdeploy.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The AWS CLI (an independent client) as a process against a sandbox, with dummy credentials and retries off. */
public final class AwsCli {
    /** The CLI's own script when pyenv provides it: its shim costs about two seconds per call. */
    private static final String AWS = resolveAws();

    private AwsCli() {
    }

    /** What one CLI call gave. */
    public record Result(int exit, String stdout, String stderr) {
    }

    private static String resolveAws() {
        try {
            Process process = new ProcessBuilder("pyenv", "which", "aws").redirectErrorStream(true).start();
            String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 && path.startsWith("/")) {
                return path;
            }
        } catch (IOException | InterruptedException e) {
            // no pyenv: the aws on PATH
        }
        return "aws";
    }

    /** Skips the test when the AWS CLI is not installed. */
    public static void assumeInstalled() {
        try {
            Process process = new ProcessBuilder(AWS, "--version").redirectErrorStream(true).start();
            assumeTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, "the AWS CLI is missing");
        } catch (IOException | InterruptedException e) {
            assumeTrue(false, "the AWS CLI is missing: " + e.getMessage());
        }
    }

    /** Runs {@code aws ARGS --output json} against {@code endpoint}. */
    public static Result run(URI endpoint, Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>();
        command.add(AWS);
        command.addAll(List.of(args));
        command.add("--output");
        command.add("json");
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIASANDBOXTEST00000");
        env.put("AWS_SECRET_ACCESS_KEY", "sandbox-secret");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.putAll(extraEnv);
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("aws " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
