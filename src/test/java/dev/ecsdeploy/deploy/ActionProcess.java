package dev.ecsdeploy.deploy;

import dev.ecsdeploy.testing.ActionHarness;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The action in a JVM of its own, as the runner starts it, so signals and exits are real: a deploy of a service. */
final class ActionProcess {
    private ActionProcess() {
    }

    /**
     * @param extraArgs more {@code --input value} pairs
     * @param extraEnv  more environment, e.g. ECS_DEPLOY_UNREACHABLE_WINDOW
     */
    static Process deploy(URI sandbox, String service, List<String> extraArgs, Map<String, String> extraEnv,
                          Path outputFile, Path logFile) throws IOException {
        List<String> args = new ArrayList<>(List.of("--version-file", "apps/web1/package.json",
                "--image", ActionHarness.SANDBOX_IMAGE, "--task-definition", "apps/web1/task-definition.json"));
        args.addAll(extraArgs);
        return start("deploy", sandbox, service, args, extraEnv, outputFile, logFile);
    }

    /** {@code command} (deploy, rollback, status) of a service in the sandbox's demo cluster. */
    static Process start(String commandName, URI sandbox, String service, List<String> extraArgs,
                         Map<String, String> extraEnv, Path outputFile, Path logFile) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.ecsdeploy.Main", commandName,
                "--cluster", "demo", "--service", service, "--poll-interval", "1s"));
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ActionHarness.FIXTURES.resolve("monorepo").toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("GITHUB_") || name.startsWith("INPUT_")
                || name.startsWith("AWS_") || name.equals(Rollout.UNREACHABLE_WINDOW_ENV));
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_OUTPUT", outputFile.toString());
        env.put("AWS_ENDPOINT_URL", sandbox.toString());
        env.put("AWS_ACCESS_KEY_ID", "sandbox");
        env.put("AWS_SECRET_ACCESS_KEY", "sandbox");
        env.put("AWS_REGION", "us-east-1");
        env.putAll(extraEnv);
        return builder.start();
    }
}
