package dev.ecsdeploy.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.ActionProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A self-hosted runner or a laptop with no credentials at all: the SDK's whole chain is tried (instance metadata
 * included, which cannot be ruled out in advance there) and its failure is bad configuration, exit 2, saying what to
 * set, not exit 1 with the SDK's text.
 */
class NoCredentialsTest {
    @TempDir
    Path temp;

    @Test
    void noCredentialsAnywhereIsExit2NamingWhatToSet() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            ActionProcess action = ActionProcess.start(temp, sandbox.endpoint(), List.of("deploy",
                    "--version-file", "apps/web1/package.json", "--image", ActionHarness.SANDBOX_IMAGE,
                    "--cluster", "demo", "--service", "web"), Map.of(
                    "AWS_ACCESS_KEY_ID", "", "AWS_SECRET_ACCESS_KEY", "", "AWS_PROFILE", "",
                    "HOME", temp.toString(),
                    // Instance metadata that answers nothing, at once: the last link of the SDK's chain.
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9"));
            try (action) {
                action.process().waitFor();
                String log = action.log();

                assertEquals(2, action.process().exitValue(), log);
                assertEquals("INVALID", action.outputs().get("deployment-status"), log);
                List<String> errors = log.lines().filter(line -> line.startsWith("::error")).toList();
                assertEquals(1, errors.size(), log);
                assertTrue(errors.getFirst().contains("No AWS credentials")
                        && errors.getFirst().contains("aws-actions/configure-aws-credentials"), errors.getFirst());
                assertTrue(sandbox.auditEntries().isEmpty(), "no call reached AWS: " + sandbox.auditEntries());
            }
        }
    }
}
