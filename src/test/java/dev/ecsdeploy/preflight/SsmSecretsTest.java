package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.World;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSM Parameter Store references in {@code secrets}, checked by the pre-flight through the real SDK client against the
 * sandbox's Parameter Store, whose world has the SecureString {@code /demo/web/DB_URL}.
 */
class SsmSecretsTest {
    private static final String PARAMETER_ARN = "arn:aws:ssm:us-east-1:123456789012:parameter/demo/web/DB_URL";

    @TempDir
    Path temp;
    private Sandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void anExistingParameterByNameOrArnDeploysAndItsValueIsNeverShown() {
        ActionHarness.Run run = deploy("DB_URL=/demo/web/DB_URL\nDB_URL_BY_ARN=" + PARAMETER_ARN);

        assertEquals(0, run.exitCode(), run.toString());
        List<String> operations = operations();
        assertTrue(operations.contains("GetParameters"), "the pre-flight asked Parameter Store: " + operations);
        assertTrue(operations.contains("RegisterTaskDefinition"), operations.toString());
        assertNoValueInLog(run);
    }

    @Test
    void aMissingParameterByNameOrArnOrANameWithSpacesIsRefusedBeforeAnyChange() {
        ActionHarness.Run run = deploy("DB_URL=/demo/web/DB_URL\nNOPE=arn:aws:ssm:us-east-1:123456789012:parameter/nope"
                + "\nBARE=nope-bare\nSPACED=/demo/web/db url");

        assertEquals(2, run.exitCode(), run.toString());
        List<String> errors = run.annotations("error");
        assertEquals(3, errors.size(), String.join("\n", errors));
        assertTrue(errors.stream().allMatch(line -> line.contains("Invalid input secrets")), errors.toString());
        assertEquals(2, errors.stream().filter(line -> line.contains("SSM Parameter Store has no such parameter"))
                .count(), errors.toString());
        assertTrue(errors.stream().anyMatch(line -> line.contains("secret SPACED = /demo/web/db url: an SSM parameter"
                + " name has no spaces")), errors.toString());
        assertTrue(errors.stream().anyMatch(line -> line.contains("secret NOPE = arn:aws:ssm:")), errors.toString());
        assertTrue(errors.stream().anyMatch(line -> line.contains("secret BARE = nope-bare")), errors.toString());
        assertTrue(errors.stream().noneMatch(line -> line.contains("secret DB_URL")), errors.toString());
        assertNoValueInLog(run);
        assertTrue(operations().contains("GetParameters"), operations().toString());
        SandboxAudit.assertNoMutationSince(sandbox, 0);
    }

    private ActionHarness.Run deploy(String secrets) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .input("task-definition", "apps/web1/task-definition.json")
                .input("secrets", secrets)
                .run();
    }

    private List<String> operations() {
        return SandboxAudit.operationsSince(sandbox, 0);
    }

    /** ::add-mask:: lines are how the runner learns what to hide; it never shows them. */
    private static void assertNoValueInLog(ActionHarness.Run run) {
        assertEquals(List.of(), run.log().lines().filter(line -> !line.startsWith("::add-mask::"))
                .filter(line -> line.contains(World.DB_URL)).toList(), "a value never reaches the log");
    }
}
