package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.aws.AwsClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import dev.ecsdeploy.taskdef.TaskDefinitionDiff;
import dev.ecsdeploy.taskdef.TaskDefinitionReader;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentStopType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The action's own SDK clients ({@link AwsClients}) against the sandbox: the second client that must understand it. */
class SandboxSdkTest {

    @Test
    void theActionsClientsReadEveryServiceIncludingQueryProtocolOnes() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            assertEquals("123456789012", aws.sts().getCallerIdentity().account());
            MetricAlarm alarm = aws.cloudWatch().describeAlarms(r -> r.alarmNames("web-5xx")).metricAlarms()
                    .getFirst();
            assertEquals("OK", alarm.stateValueAsString());
            assertTrue(alarm.stateUpdatedTimestamp() != null, "timestamps survive the XML answer");
            assertEquals("demo/web", aws.secretsManager().describeSecret(r -> r.secretId("demo/web")).name());
            assertThrows(ResourceNotFoundException.class,
                    () -> aws.secretsManager().getSecretValue(r -> r.secretId("demo/nope")));
            assertEquals("1.0.0", aws.ecr().describeImages(r -> r.repositoryName("web")
                    .imageIds(id -> id.imageTag("1.0.0"))).imageDetails().getFirst().imageTags().getFirst());
            assertThrows(RepositoryNotFoundException.class,
                    () -> aws.ecr().describeRepositories(r -> r.repositoryNames("nope")));
            assertEquals(List.of("/ecs/web"), aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/"))
                    .logGroups().stream().map(g -> g.logGroupName()).toList());
            assertEquals("DgpECS-demo-web-cd", aws.codeDeploy().getDeploymentGroup(r -> r
                    .applicationName("AppECS-demo-web-cd").deploymentGroupName("DgpECS-demo-web-cd"))
                    .deploymentGroupInfo().deploymentGroupName());

            var services = aws.ecs().describeServices(r -> r.cluster("demo")
                    .services("web", "web-bg", "web-linear", "web-canary", "web-cd")).services();
            assertEquals(List.of("ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"), services.subList(0, 4).stream()
                    .map(s -> s.deploymentConfiguration().strategyAsString()).toList());
            assertEquals("CODE_DEPLOY", services.get(4).deploymentController().typeAsString());
            assertEquals("PRIMARY", services.get(4).taskSets().getFirst().status(), "CodeDeploy services have task sets");
            services.forEach(s -> assertEquals(2, s.runningCount(), s.serviceName() + " runs revision 1 at start"));
        }
    }

    @Test
    void errorsAndValidationAreTheExceptionsAwsWouldRaise() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            assertThrows(ClusterNotFoundException.class,
                    () -> aws.ecs().describeServices(r -> r.cluster("default").services("web")));
            assertThrows(ServiceNotFoundException.class,
                    () -> aws.ecs().updateService(r -> r.cluster("demo").service("nope").desiredCount(1)));
            InvalidParameterException missing = assertThrows(InvalidParameterException.class,
                    () -> aws.ecs().updateService(r -> r.cluster("demo").desiredCount(1)));
            assertTrue(missing.getMessage().contains("Value null at 'service' failed to satisfy constraint"),
                    missing.getMessage());
            InvalidParameterException codeDeploy = assertThrows(InvalidParameterException.class,
                    () -> aws.ecs().updateService(r -> r.cluster("demo").service("web-cd")
                            .taskDefinition("web:1")));
            assertTrue(codeDeploy.getMessage().contains("CODE_DEPLOY deployment controller"),
                    codeDeploy.getMessage());
            assertTrue(sandbox.auditEntries().stream().anyMatch(e -> "ClusterNotFoundException"
                    .equals(e.path("errorCode").asText())));
        }
    }

    @Test
    void aFileInVcpuAndGbIsTheSameRevisionAsTheUnitsEcsAnswers() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            TaskDefinition current = aws.ecs().describeTaskDefinition(r -> r.taskDefinition("web")).taskDefinition();
            RegisterTaskDefinitionRequest file = TaskDefinitionReader.fromRegistered(current, List.of()).toBuilder()
                    .cpu("0.5 vCPU").memory("1 GB").build();
            aws.ecs().registerTaskDefinition(file);
            TaskDefinition registered = aws.ecs().describeTaskDefinition(r -> r.taskDefinition("web"))
                    .taskDefinition();
            assertEquals("512", registered.cpu(), "ECS answers CPU units");
            assertEquals("1024", registered.memory(), "ECS answers MiB");
            assertTrue(TaskDefinitionDiff.same(TaskDefinitionReader.fromRegistered(registered, List.of()), file),
                    "no phantom diff between the file's vCPU/GB and ECS's numbers");
            assertEquals(List.of(), TaskDefinitionDiff.unified(TaskDefinitionReader.fromRegistered(registered,
                    List.of()), file, "web:2", "rendered"));
        }
    }

    @Test
    void aDeploymentAlarmInAlarmFailsTheDeploymentAndRollsBack() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.ALARM)
                .withTimeScale(0.02)); AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = SandboxTesting.registerRevision(aws, "web", c -> SandboxTesting.image(c, "2.0.0"));
            String deployment = aws.ecs().updateService(r -> r.cluster("demo").service("web").taskDefinition(arn)
                    .deploymentConfiguration(d -> d.alarms(a -> a.alarmNames("web-5xx").enable(true)
                            .rollback(true)))).service().currentServiceDeployment();
            AtomicReference<String> rollbackReason = new AtomicReference<>();
            SandboxTesting.await("the alarm rollback", Duration.ofSeconds(30), () -> {
                JsonNode primary = sandbox.state().at("/services/0/deployments/0");
                if (primary.path("rolloutStateReason").asText().contains("rolling back")) {
                    rollbackReason.set(primary.get("rolloutStateReason").asText());
                }
                return SandboxTesting.finished(SandboxTesting.deploymentStatus(aws, deployment));
            });
            ServiceDeployment result = aws.ecs().describeServiceDeployments(r -> r.serviceDeploymentArns(deployment))
                    .serviceDeployments().getFirst();
            assertEquals("ROLLBACK_SUCCESSFUL", result.statusAsString());
            assertEquals(List.of("web-5xx"), result.alarms().triggeredAlarmNames());
            assertTrue(String.valueOf(rollbackReason.get()).startsWith("ECS deployment alarms: rolling back to"
                    + " deploymentId ecs-svc/"), String.valueOf(rollbackReason.get()));
            SandboxTesting.await("the alarm to clear", Duration.ofSeconds(5), () -> "OK".equals(aws.cloudWatch()
                    .describeAlarms(r -> r.alarmNames("web-5xx")).metricAlarms().getFirst().stateValueAsString()));
        }
    }

    @Test
    void stopServiceDeploymentRollsBackAnInProgressDeploymentAndRefusesAFinishedOne() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.2));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = SandboxTesting.registerRevision(aws, "web", c -> SandboxTesting.image(c, "2.0.0"));
            String deployment = aws.ecs().updateService(r -> r.cluster("demo").service("web").taskDefinition(arn))
                    .service().currentServiceDeployment();
            aws.ecs().stopServiceDeployment(r -> r.serviceDeploymentArn(deployment)
                    .stopType(StopServiceDeploymentStopType.ROLLBACK));
            // ECS: the deployment moves to ROLLBACK_REQUESTED, then the rollback starts; stoppedAt marks the stop.
            var requested = aws.ecs().describeServiceDeployments(r -> r.serviceDeploymentArns(deployment))
                    .serviceDeployments().getFirst();
            assertEquals("ROLLBACK_REQUESTED", requested.statusAsString());
            assertNotNull(requested.stoppedAt(), "stoppedAt is set when a user stops the deployment");
            SandboxTesting.await("the rollback to start", Duration.ofSeconds(30),
                    () -> !"ROLLBACK_REQUESTED".equals(SandboxTesting.deploymentStatus(aws, deployment)));
            SandboxTesting.await("the requested rollback", Duration.ofSeconds(30),
                    () -> SandboxTesting.finished(SandboxTesting.deploymentStatus(aws, deployment)));
            var rolledBack = aws.ecs().describeServiceDeployments(r -> r.serviceDeploymentArns(deployment))
                    .serviceDeployments().getFirst();
            assertEquals("ROLLBACK_SUCCESSFUL", rolledBack.statusAsString());
            assertEquals(requested.stoppedAt(), rolledBack.stoppedAt(), "the stop time stays through the rollback");
            assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", aws.ecs().describeServices(r -> r
                    .cluster("demo").services("web")).services().getFirst().taskDefinition());
            assertThrows(ConflictException.class, () -> aws.ecs().stopServiceDeployment(r -> r
                    .serviceDeploymentArn(deployment).stopType(StopServiceDeploymentStopType.ROLLBACK)));
        }
    }

    @Test
    void aHealthyRollingDeploymentOfWebCompletesInUnderFiveSecondsAtTimeScaleFivePercent() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = SandboxTesting.registerRevision(aws, "web", c -> SandboxTesting.image(c, "2.0.0"));
            long start = System.nanoTime();
            String deployment = aws.ecs().updateService(r -> r.cluster("demo").service("web").taskDefinition(arn))
                    .service().currentServiceDeployment();
            SandboxTesting.await("the deployment", Duration.ofSeconds(30),
                    () -> SandboxTesting.finished(SandboxTesting.deploymentStatus(aws, deployment)));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("[benchmark] healthy rolling deployment of web at --time-scale 0.05: %.2f s%n", seconds);
            assertEquals("SUCCESSFUL", SandboxTesting.deploymentStatus(aws, deployment));
            assertTrue(seconds < 5, "took " + seconds + " s");
        }
    }
}
