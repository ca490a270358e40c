package dev.ecsdeploy.deploy.codedeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A CodeDeploy deployment of web-cd whose inputs cannot work ends with exit 2 while planning, naming the input, before
 * a task definition is registered or a deployment created: checked against the sandbox's CodeDeploy over the wire.
 */
class CodeDeployPlanningTest {
    private static Sandbox sandbox;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "codedeploy-application      | AppECS-demo-web           | no CodeDeploy application \"AppECS-demo-web\"",
            "codedeploy-deployment-group | DgpECS-demo-web           | has no deployment group \"DgpECS-demo-web\"",
            "codedeploy-hooks            | BeforeDeploy=check        | not an ECS AppSpec hook",
            "container-port              | 9090                      | container app does not map port 9090",
            "appspec                     | appspec-wrong-container.yml | no container web",
            "appspec                     | missing.yml               | cannot read",
    })
    void inputsThatCannotWorkAreRefusedWhilePlanning(String input, String value, String explained)
            throws IOException {
        Files.writeString(temp.resolve("appspec-wrong-container.yml"), """
                version: 0.0
                Resources:
                  - TargetService:
                      Type: AWS::ECS::Service
                      Properties:
                        TaskDefinition: <TASK_DEFINITION>
                        LoadBalancerInfo:
                          ContainerName: web
                          ContainerPort: 8080
                """);
        int before = sandbox.auditEntries().size();
        ActionHarness.Run run = new ActionHarness(temp)
                .aws(sandbox.endpoint())
                .workspace(ActionHarness.FIXTURES.resolve("monorepo"))
                .event("workflow_dispatch", "dispatch-latest.json")
                .input("version-file", "apps/web1/package.json")
                .input("image", "ghcr.io/acme/web1:v1.4.2")
                .input("cluster", "demo")
                .input("service", "web-cd")
                .input(input, input.equals("appspec") ? temp.resolve(value).toString() : value)
                .run();

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.annotations("error").size(), run.log());
        String error = run.annotations("error").getFirst();
        assertTrue(error.contains(input), error);
        assertTrue(error.contains(explained), error);
        assertTrue(sandbox.auditEntries().stream().skip(before).map(entry -> entry.path("operation").asText())
                        .noneMatch(operation -> operation.equals("RegisterTaskDefinition")
                                || operation.equals("CreateDeployment")),
                "nothing changed in AWS");
    }
}
