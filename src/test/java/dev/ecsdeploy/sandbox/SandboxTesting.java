package dev.ecsdeploy.sandbox;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.testing.AwsCli;
import dev.ecsdeploy.testing.SandboxAws;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** Drives a sandbox from tests: the AWS CLI as a process, the action's own SDK clients, and waiting on time. */
final class SandboxTesting {
    static final ObjectMapper JSON = new ObjectMapper();

    private SandboxTesting() {
    }

    /** What one CLI call gave. */
    record Cli(int exit, String stdout, String stderr) {
        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("The CLI did not print JSON: " + stdout + "\n" + stderr, e);
            }
        }
    }

    static void assumeAwsCli() {
        AwsCli.assumeInstalled();
    }

    /** Runs {@code aws ARGS} against the sandbox with dummy credentials; retries off unless asked. */
    static Cli aws(Sandbox sandbox, String... args) {
        return aws(sandbox, Map.of(), args);
    }

    static Cli aws(Sandbox sandbox, Map<String, String> extraEnv, String... args) {
        AwsCli.Result result = AwsCli.run(sandbox.endpoint(), extraEnv, args);
        return new Cli(result.exit(), result.stdout(), result.stderr());
    }

    /** The action's own SDK clients, configured as a run against the sandbox would be. */
    static AwsClients clients(Sandbox sandbox) {
        return SandboxAws.clients(sandbox.endpoint());
    }

    /** Registers a copy of the family's latest revision with its {@code app} container changed. */
    static String registerRevision(AwsClients aws, String family, UnaryOperator<ContainerDefinition> change) {
        return registerRevision(aws, family, change, List.of());
    }

    /** The same, with tags on the revision. */
    static String registerRevision(AwsClients aws, String family, UnaryOperator<ContainerDefinition> change,
                                   List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
        TaskDefinition current = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition();
        RegisterTaskDefinitionRequest request = RegisterTaskDefinitionRequest.builder()
                .family(current.family())
                .taskRoleArn(current.taskRoleArn())
                .executionRoleArn(current.executionRoleArn())
                .networkMode(current.networkMode())
                .containerDefinitions(current.containerDefinitions().stream().map(change).toList())
                .requiresCompatibilities(current.requiresCompatibilities())
                .cpu(current.cpu())
                .memory(current.memory())
                .tags(tags.isEmpty() ? null : tags)
                .build();
        return aws.ecs().registerTaskDefinition(request).taskDefinition().taskDefinitionArn();
    }

    static ContainerDefinition image(ContainerDefinition container, String tag) {
        return container.toBuilder().image(container.image().replaceAll(":[^:/]+$", ":" + tag)).build();
    }

    /** Waits (real time) until the condition holds. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The status of the service deployment, read through the SDK. */
    static String deploymentStatus(AwsClients aws, String arn) {
        return aws.ecs().describeServiceDeployments(r -> r.serviceDeploymentArns(arn)).serviceDeployments()
                .getFirst().statusAsString();
    }

    static boolean finished(String status) {
        return List.of("SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED").contains(status);
    }
}
