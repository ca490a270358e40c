package dev.ecsdeploy.taskdef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.SandboxAws;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Secret;

/** Issue 4's must-shows, through the deploy pipeline against the sandbox. */
class TaskDefinitionPipelineTest {
    @TempDir
    Path temp;
    private Sandbox sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    private ActionHarness deployWeb() {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web");
    }

    @Test
    void aDescribeTaskDefinitionDumpWithATypoRegistersWithAWarningAndTheSecretsWired() {
        ActionHarness.Run run = deployWeb()
                .input("task-definition", ActionHarness.FIXTURES.resolve("task-definitions/web-described-with-typo.json")
                        .toString())
                .input("environment-variables", "NODE_ENV=staging\nFEATURE_FLAGS=a=b,c")
                .input("secrets-from", "demo/web")
                .run();

        assertEquals(0, run.exitCode(), run.toString());
        List<String> warnings = run.annotations("warning");
        assertTrue(warnings.stream().anyMatch(line -> line.contains("line=9") && line.contains("memoryReservaton")
                && line.contains("memoryReservation")), run.log());

        ContainerDefinition app = registered(run.output("task-definition-arn")).getFirst();
        assertEquals(ActionHarness.SANDBOX_IMAGE, app.image());
        Map<String, String> environment = app.environment().stream()
                .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value));
        assertEquals(Map.of("NODE_ENV", "staging", "PORT", "8080", "FEATURE_FLAGS", "a=b,c"), environment);
        String secretArn = secretArn("demo/web");
        Map<String, String> secrets = app.secrets().stream()
                .collect(Collectors.toMap(Secret::name, Secret::valueFrom));
        assertEquals(Map.of("API_URL", secretArn + ":API_URL::", "API_KEY", secretArn + ":API_KEY::"), secrets);
        // ::add-mask:: lines are how the runner learns what to hide; it never shows them.
        assertEquals(List.of(), run.log().lines().filter(line -> !line.startsWith("::add-mask::"))
                .filter(line -> line.contains("sandbox-secret-value")).toList(), "secret values never reach the log");
    }

    @Test
    void aSecretKeyTheSecretLacksStopsTheRunBeforeAnythingChanges() {
        String secretArn = secretArn("demo/web");
        ActionHarness.Run run = deployWeb()
                .input("task-definition", "apps/web1/task-definition.json")
                .input("secrets", "DB_PASSWORD=" + secretArn + ":DB_PASSWORD::")
                .run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = String.join("\n", run.annotations("error"));
        assertTrue(error.contains("DB_PASSWORD") && error.contains("app") && error.contains("demo/web"), error);
        List<String> operations = operations();
        assertTrue(!operations.contains("RegisterTaskDefinition") && !operations.contains("UpdateService"),
                operations.toString());
    }

    @Test
    void deployingTheSameInputTwiceRegistersOneRevision() {
        ActionHarness.Run first = deployWeb().input("task-definition", "apps/web1/task-definition.json").run();
        ActionHarness.Run second = deployWeb().input("task-definition", "apps/web1/task-definition.json").run();

        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals(first.output("task-definition-arn"), second.output("task-definition-arn"));
        assertEquals(1, operations().stream().filter("RegisterTaskDefinition"::equals).count());
        assertEquals(1, operations().stream().filter("UpdateService"::equals).count(),
                "the service already runs the revision: nothing to deploy");
    }

    @Test
    void diffOfANewImageShowsOneChangedLine() {
        ActionHarness.Run run = deployWeb().input("image", "ghcr.io/acme/web1:v9.9.9").run("diff");

        assertEquals(0, run.exitCode(), run.toString());
        List<String> changed = run.log().lines()
                .filter(line -> (line.startsWith("-") || line.startsWith("+"))
                        && !line.startsWith("---") && !line.startsWith("+++"))
                .toList();
        assertEquals(2, changed.size(), run.log());
        assertTrue(changed.get(0).startsWith("-") && changed.get(0).contains("image:"), changed.toString());
        assertTrue(changed.get(1).startsWith("+") && changed.get(1).contains("ghcr.io/acme/web1:v9.9.9"),
                changed.toString());
        assertTrue(!operations().contains("RegisterTaskDefinition"), "diff changes nothing");
    }

    private List<String> operations() {
        return sandbox.auditEntries().stream().map(entry -> entry.path("operation").asText()).toList();
    }

    private List<ContainerDefinition> registered(String arn) {
        try (AwsClients aws = SandboxAws.clients(sandbox.endpoint())) {
            return aws.ecs().describeTaskDefinition(request -> request.taskDefinition(arn)).taskDefinition()
                    .containerDefinitions();
        }
    }

    private String secretArn(String name) {
        try (AwsClients aws = SandboxAws.clients(sandbox.endpoint())) {
            return aws.secretsManager().describeSecret(request -> request.secretId(name)).arn();
        }
    }


}
