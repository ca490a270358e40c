package dev.ecsdeploy.deploy;

import dev.ecsdeploy.testing.ActionHarness;
import java.util.ArrayList;
import java.util.List;

/** The command line of a deploy (or another command) of a service in the sandbox's demo cluster, for a real process. */
final class DeployArgs {
    private DeployArgs() {
    }

    /** {@code deploy} of the fixture app to {@code service}, polling every second, with more inputs. */
    static List<String> deploy(String service, List<String> more) {
        List<String> args = command("deploy", service, List.of("--version-file", "apps/web1/package.json",
                "--image", ActionHarness.SANDBOX_IMAGE, "--task-definition", "apps/web1/task-definition.json"));
        args.addAll(more);
        return args;
    }

    static List<String> command(String command, String service, List<String> more) {
        List<String> args = new ArrayList<>(List.of(command, "--cluster", "demo", "--service", service,
                "--poll-interval", "1s"));
        args.addAll(more);
        return args;
    }
}
