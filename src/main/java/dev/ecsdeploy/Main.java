package dev.ecsdeploy;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.Masker;
import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.sandbox.SandboxCommand;
import java.time.Clock;

/**
 * Entry point: the GitHub Action (no command inside Actions, or {@code run}), the terminal commands (deploy,
 * rollback, continue, render, diff, verify, status, help), and {@code sandbox} and {@code demo}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        boolean inActions = "true".equalsIgnoreCase(System.getenv("GITHUB_ACTIONS"));
        ActionLog log = new ActionLog(System.out, new Masker(), inActions, "1".equals(System.getenv("RUNNER_DEBUG")));
        // A thread the action did not expect to fail (a signal handler, a reader) says so in one line, no trace.
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> LastResort.report(log, error));
        int exitCode;
        try {
            String command = args.length > 0 ? args[0] : "";
            if ((command.equals("demo") || command.equals("sandbox")) && !withSandboxModules()) {
                log.error("The " + command + " is not in the action's image: its Java runtime carries only what a run"
                        + " needs (no HTTP server). Run it from the jar on a JDK: java -jar ecs-deploy-action.jar "
                        + command + ".");
                System.out.flush();
                System.exit(2);
            }
            exitCode = switch (command) {
                case "demo" -> Demo.run(System.out, java.util.Arrays.copyOfRange(args, 1, args.length),
                        System.getenv());
                case "sandbox" -> SandboxCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length));
                default -> runAction(args);
            };
        } catch (RuntimeException | Error e) {
            LastResort.report(log, e);
            exitCode = 1;
        }
        System.out.flush();
        System.exit(exitCode);
    }

    /** The sandbox serves HTTP (jdk.httpserver) and the demo fetches with java.net.http: the image's runtime has neither. */
    private static boolean withSandboxModules() {
        return ModuleLayer.boot().findModule("jdk.httpserver").isPresent()
                && ModuleLayer.boot().findModule("java.net.http").isPresent();
    }

    private static int runAction(String[] args) {
        Cancellation cancellation = new Cancellation();
        Signals.onTermination(cancellation::cancel);
        return new ActionRunner(System.getenv(), System.out, cancellation, Clock.systemUTC()).run(args).exitCode();
    }
}
