package dev.ecsdeploy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.aws.AwsClients;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;

/**
 * RunTask is idempotent by client token, as ECS documents ("Ensuring idempotency"): a retried call starts no second
 * task. The SDK fills the token in itself and keeps it across its retries, so this is what keeps a retry after a lost
 * answer from running a migration twice.
 */
class RunTaskIdempotencyTest {
    private static Consumer<RunTaskRequest.Builder> migration(String startedBy, String token) {
        return r -> r.cluster("demo").taskDefinition("web").startedBy(startedBy).clientToken(token)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-0a1b2c3d")
                        .securityGroups("sg-0a1b2c3d")));
    }

    /** Tasks started by {@code startedBy}, running or (their command done) stopped. */
    private static long started(AwsClients aws, String startedBy) {
        return java.util.stream.Stream.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)
                .mapToLong(status -> aws.ecs().listTasks(r -> r.cluster("demo").startedBy(startedBy)
                        .desiredStatus(status)).taskArns().size()).sum();
    }

    @Test
    void theSameTokenAndParametersAnswerTheFirstTaskAndStartNoOther() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String first = aws.ecs().runTask(migration("migrations", "token-1")).tasks().getFirst().taskArn();
            String again = aws.ecs().runTask(migration("migrations", "token-1")).tasks().getFirst().taskArn();

            assertEquals(first, again);
            assertEquals(1, started(aws, "migrations"));
            String other = aws.ecs().runTask(migration("migrations", "token-2")).tasks().getFirst().taskArn();
            assertTrue(!other.equals(first), "another token is another task");
            assertEquals(2, started(aws, "migrations"));
        }
    }

    @Test
    void theSameTokenWithOtherParametersIsAConflict() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            aws.ecs().runTask(migration("migrations", "token-1"));

            ConflictException conflict = assertThrows(ConflictException.class,
                    () -> aws.ecs().runTask(migration("other-job", "token-1")));
            assertTrue(conflict.getMessage().contains("The provided clientToken is already in use with a different"
                    + " RunTask request."), conflict.getMessage());
            assertEquals(0, started(aws, "other-job"));
        }
    }

    @Test
    void aRunTaskWhoseAnswersAreLostAndThatTheSdkRetriesStartsOneTask() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            dev.ecsdeploy.testing.SandboxAws.noAnswerTo(sandbox.endpoint(), "RunTask");
            // No token given: the SDK makes one, as the action's RunTask call leaves it to.
            assertThrows(software.amazon.awssdk.core.exception.SdkClientException.class,
                    () -> aws.ecs().runTask(r -> r.cluster("demo").taskDefinition("web").startedBy("migrations")
                            .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-0a1b2c3d")
                                    .securityGroups("sg-0a1b2c3d")))));

            long calls = sandbox.auditEntries().stream()
                    .filter(entry -> "RunTask".equals(entry.path("operation").asText())).count();
            assertTrue(calls > 1, "the SDK retried (" + calls + " calls)");
            assertEquals(1, started(aws, "migrations"), "one task for " + calls + " calls");
        }
    }
}
