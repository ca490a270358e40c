package dev.ecsdeploy;

import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.sandbox.SandboxCommand;
import java.time.Clock;

/**
 * Entry point: the GitHub Action (no command, or {@code run}), the terminal commands (deploy, rollback, continue,
 * render, diff, verify, status), and {@code sandbox} and {@code demo}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length > 0 && !args[0].startsWith("--") ? args[0] : "run";
        int exitCode = switch (command) {
            case "help", "-h", "--help" -> usage();
            case "demo" -> Demo.run(System.out, java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv());
            case "sandbox" -> SandboxCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            default -> runAction(args);
        };
        System.out.flush();
        System.exit(exitCode);
    }

    private static int runAction(String[] args) {
        Cancellation cancellation = new Cancellation();
        Signals.onTermination(cancellation::cancel);
        return new ActionRunner(System.getenv(), System.out, cancellation, Clock.systemUTC()).run(args).exitCode();
    }

    private static int usage() {
        System.out.println("""
                usage: java -jar ecs-deploy-action.jar [COMMAND] [--input-name value ...]

                commands:
                  run (default)  the GitHub Action entry point: inputs from INPUT_* variables
                  deploy         build, push, render, register and deploy, then notify
                  rollback       stop an in-progress deployment with rollback, or go back to a revision
                  continue       give a CodeDeploy deployment waiting for the go-ahead (Ready, or its termination
                                 wait) the go-ahead and wait for it to end
                  render         write the rendered task definition
                  diff           show what would change in the task definition
                  verify         check cluster, service, containers, image, secrets, log group and roles
                  status         show the service, its deployments, events and tasks
                  sandbox        a simulated AWS for tests and rehearsals (--port N --scenario S ...)
                  demo           the whole pipeline against an in-process sandbox

                Every input of action.yml can be given as --input-name value; see README.md.""");
        return 0;
    }
}
