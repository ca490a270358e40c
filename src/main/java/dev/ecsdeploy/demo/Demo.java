package dev.ecsdeploy.demo;

import dev.ecsdeploy.ActionRunner;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.Cancellation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code demo}: the deploy pipeline of a merged release PR for the bundled example app, run as the runner would run
 * it, printing the workflow log, the outputs and the job summary a workflow would show.
 */
public final class Demo {
    private static final String[] APP_FILES = {"app/package.json"};

    private Demo() {
    }

    public static int run(PrintStream out) {
        try {
            Path workspace = Files.createTempDirectory("ecs-deploy-demo");
            for (String file : APP_FILES) {
                copyResource(file, workspace.resolve(file));
            }
            Path event = copyResource("event.json", workspace.resolve(".github-event.json"));
            Map<String, String> env = runnerEnvironment(workspace, event);
            env.put(Input.RELEASE_BRANCH.environmentVariable(), "release/web1");
            env.put(Input.VERSION_FILE.environmentVariable(), "app/package.json");

            out.println("== Workflow log ==");
            ActionRunner.Result result = new ActionRunner(env, out, new Cancellation(), Clock.systemUTC()).run(
                    new String[0]);
            out.println();
            out.println("== Outputs ==");
            result.outputs().forEach((name, value) -> out.println(name + "=" + value));
            if (result.summaryMarkdown() != null) {
                out.println();
                out.println("== Job summary ==");
                out.println(result.summaryMarkdown());
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        env.put("GITHUB_WORKFLOW", "Deploy web1");
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
