package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.sandbox.codedeploy.AppSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.codedeploy.model.CodeDeployException;
import software.amazon.awssdk.services.codedeploy.model.CreateDeploymentRequest;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.ECSTarget;
import software.amazon.awssdk.services.codedeploy.model.ECSTaskSet;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEvent;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * CodeDeploy for web-cd through the action's SDK clients: CreateDeployment checking the inline AppSpec, the status
 * flow, lifecycle events and task-set traffic weights, configs honoured, failure with automatic rollback, and
 * StopDeployment / ContinueDeployment.
 */
class CodeDeploySandboxTest {
    static final String APP = "AppECS-demo-web-cd";
    static final String GROUP = "DgpECS-demo-web-cd";

    static String appSpec(String taskDefinitionArn, String container, int port) {
        return """
                version: 0.0
                Resources:
                  - TargetService:
                      Type: AWS::ECS::Service
                      Properties:
                        TaskDefinition: "%s"
                        LoadBalancerInfo:
                          ContainerName: "%s"
                          ContainerPort: %d
                Hooks:
                  - BeforeAllowTraffic: "CheckTheGreenTaskSet"
                """.formatted(taskDefinitionArn, container, port);
    }

    static String newRevision(AwsClients aws) {
        return SandboxTesting.registerRevision(aws, "web-cd", c -> SandboxTesting.image(c, "2.0.0"));
    }

    static String create(AwsClients aws, String content, String config) {
        return aws.codeDeploy().createDeployment(CreateDeploymentRequest.builder().applicationName(APP)
                .deploymentGroupName(GROUP).deploymentConfigName(config)
                .revision(r -> r.revisionType("AppSpecContent").appSpecContent(a -> a.content(content)
                        .sha256(AppSpec.sha256(content)))).build()).deploymentId();
    }

    static DeploymentInfo get(AwsClients aws, String id) {
        return aws.codeDeploy().getDeployment(r -> r.deploymentId(id)).deploymentInfo();
    }

    static ECSTarget target(AwsClients aws, String id) {
        String targetId = aws.codeDeploy().listDeploymentTargets(r -> r.deploymentId(id)).targetIds().getFirst();
        return aws.codeDeploy().getDeploymentTarget(r -> r.deploymentId(id).targetId(targetId)).deploymentTarget()
                .ecsTarget();
    }

    static double greenWeight(ECSTarget target) {
        return target.taskSetsInfo().stream().filter(s -> "Green".equals(s.taskSetLabelAsString()))
                .map(ECSTaskSet::trafficWeight).findFirst().orElse(0.0);
    }

    static Service webCd(AwsClients aws) {
        return aws.ecs().describeServices(r -> r.cluster("demo").services("web-cd")).services().getFirst();
    }

    /** A canary deployment of web-cd, once the replacement has its first 10 % of production traffic. */
    static String canaryAtTenPercent(AwsClients aws) {
        String id = create(aws, appSpec(newRevision(aws), "app", 8080), "CodeDeployDefault.ECSCanary10Percent5Minutes");
        SandboxTesting.await("the canary", Duration.ofSeconds(20), () -> greenWeight(target(aws, id)) == 10.0);
        return id;
    }

    static boolean ended(String status) {
        return List.of("Succeeded", "Failed", "Stopped").contains(status);
    }

    @Test
    void allAtOnceMovesThroughTheStatusesAndLifecycleEventsAndTheServiceFollowsThePrimaryTaskSet() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = newRevision(aws);
            String id = create(aws, appSpec(arn, "app", 8080), null);
            assertTrue(id.matches("d-[A-Z0-9]{9}"), id);
            List<String> statuses = new ArrayList<>();
            SandboxTesting.await("the deployment", Duration.ofSeconds(20), () -> {
                String status = get(aws, id).statusAsString();
                if (statuses.isEmpty() || !statuses.getLast().equals(status)) {
                    statuses.add(status);
                }
                return ended(status);
            });
            // Created and Queued last 5 AWS seconds each (50 ms here): a poll may miss them, never reorder them.
            List<String> flow = List.of("Created", "Queued", "InProgress", "Succeeded");
            assertEquals(statuses.stream().sorted(java.util.Comparator.comparing(flow::indexOf)).toList(), statuses,
                    "in order: " + statuses);
            assertTrue(statuses.containsAll(List.of("InProgress", "Succeeded")), statuses.toString());
            DeploymentInfo info = get(aws, id);
            assertEquals("CodeDeployDefault.ECSAllAtOnce", info.deploymentConfigName(), "the group's config");
            assertNotNull(info.completeTime());
            assertEquals(1L, info.deploymentOverview().succeeded());
            ECSTarget target = target(aws, id);
            assertEquals("demo:web-cd", target.targetId());
            assertEquals(List.of("BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic",
                    "AfterAllowTestTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"),
                    target.lifecycleEvents().stream().map(LifecycleEvent::lifecycleEventName).toList());
            assertTrue(target.lifecycleEvents().stream().allMatch(e -> "Succeeded".equals(e.statusAsString())));
            assertEquals(100.0, greenWeight(target));
            Service service = webCd(aws);
            assertEquals(arn, service.taskDefinition(), "the service follows the PRIMARY task set");
            assertEquals(1, service.taskSets().size(), "the original task set is gone");
            assertEquals("PRIMARY", service.taskSets().getFirst().status());
            assertEquals(arn, service.taskSets().getFirst().taskDefinition());
        }
    }

    @Test
    void aLinearConfigOverrideShiftsTrafficInTenPercentStepsAndTheAuditShowsIt() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.005));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = newRevision(aws);
            String id = create(aws, appSpec(arn, "app", 8080), "CodeDeployDefault.ECSLinear10PercentEvery1Minutes");
            List<Double> weights = new ArrayList<>();
            List<String> originalPrimaryWhileShifting = new ArrayList<>();
            SandboxTesting.await("all traffic on the replacement", Duration.ofSeconds(20), () -> {
                double weight = greenWeight(target(aws, id));
                if (weights.isEmpty() || weights.getLast() != weight) {
                    weights.add(weight);
                    if (weight > 0 && weight < 100) {
                        originalPrimaryWhileShifting.add(webCd(aws).taskDefinition());
                    }
                }
                return weight >= 100.0;
            });
            assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0), weights);
            assertTrue(originalPrimaryWhileShifting.stream().allMatch(td -> td.endsWith("web-cd:1")),
                    "the original task set stays PRIMARY while traffic moves: " + originalPrimaryWhileShifting);
            // The group waits 5 minutes before terminating the original; ContinueDeployment ends that wait.
            SandboxTesting.await("the termination wait", Duration.ofSeconds(10),
                    () -> get(aws, id).instanceTerminationWaitTimeStarted());
            aws.codeDeploy().continueDeployment(r -> r.deploymentId(id).deploymentWaitType("TERMINATION_WAIT"));
            SandboxTesting.await("success", Duration.ofSeconds(5), () -> ended(get(aws, id).statusAsString()));
            assertEquals("Succeeded", get(aws, id).statusAsString());
            assertEquals("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", get(aws, id).deploymentConfigName());
            JsonNode audited = sandbox.auditEntries().stream()
                    .filter(e -> "CreateDeployment".equals(e.path("operation").asText())).findFirst().orElseThrow();
            assertEquals("CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
                    audited.at("/payload/deploymentConfigName").asText());
            assertEquals(AppSpec.sha256(audited.at("/payload/revision/appSpecContent/content").asText()),
                    audited.at("/payload/revision/appSpecContent/sha256").asText());
        }
    }

    @Test
    void anUnhealthyReplacementFailsTheDeploymentAndCodeDeployRollsBack() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.UNHEALTHY)
                .withTimeScale(0.01)); AwsClients aws = SandboxTesting.clients(sandbox)) {
            String original = webCd(aws).taskDefinition();
            String id = create(aws, appSpec(newRevision(aws), "app", 8080), null);
            SandboxTesting.await("the failure", Duration.ofSeconds(20), () -> ended(get(aws, id).statusAsString()));
            DeploymentInfo failed = get(aws, id);
            assertEquals("Failed", failed.statusAsString());
            assertEquals("ECS_UPDATE_ERROR", failed.errorInformation().codeAsString());
            assertTrue(failed.errorInformation().message().contains("health checks"),
                    failed.errorInformation().message());
            ECSTarget target = target(aws, id);
            assertEquals("Failed", target.lifecycleEvents().get(1).statusAsString(), "Install failed");
            assertEquals("Skipped", target.lifecycleEvents().get(7).statusAsString());
            String rollbackId = failed.rollbackInfo().rollbackDeploymentId();
            assertNotNull(rollbackId);
            SandboxTesting.await("the rollback", Duration.ofSeconds(20),
                    () -> ended(get(aws, rollbackId).statusAsString()));
            DeploymentInfo rollback = get(aws, rollbackId);
            assertEquals("Succeeded", rollback.statusAsString());
            assertEquals("autoRollback", rollback.creatorAsString());
            assertEquals(id, rollback.rollbackInfo().rollbackTriggeringDeploymentId());
            Service service = webCd(aws);
            assertEquals(original, service.taskDefinition());
            assertEquals(1, service.taskSets().size());
            assertEquals(0.0, greenWeight(target(aws, id)), "no production traffic on the failed replacement");
        }
    }

    @Test
    void stopDeploymentWithAutoRollbackPutsTheCanaryTrafficBack() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String id = canaryAtTenPercent(aws);
            var stop = aws.codeDeploy().stopDeployment(r -> r.deploymentId(id).autoRollbackEnabled(true));
            assertEquals("Pending", stop.statusAsString());
            DeploymentInfo stopped = get(aws, id);
            assertEquals("Stopped", stopped.statusAsString());
            assertEquals("MANUAL_STOP", stopped.errorInformation().codeAsString());
            assertEquals("The deployment was stopped by a user request and rolled back.",
                    stopped.errorInformation().message());
            String rollbackId = stopped.rollbackInfo().rollbackDeploymentId();
            SandboxTesting.await("the rollback", Duration.ofSeconds(20),
                    () -> ended(get(aws, rollbackId).statusAsString()));
            assertEquals("Succeeded", get(aws, rollbackId).statusAsString());
            assertEquals(0.0, greenWeight(target(aws, id)));
            assertTrue(webCd(aws).taskDefinition().endsWith("web-cd:1"));
            CodeDeployException again = assertThrows(CodeDeployException.class, () -> aws.codeDeploy()
                    .stopDeployment(r -> r.deploymentId(id).autoRollbackEnabled(true)));
            assertEquals("DeploymentAlreadyCompletedException", again.awsErrorDetails().errorCode());
        }
    }

    @Test
    void throughTheTerminationWaitTheTargetHasSucceededWhileTheDeploymentIsStillInProgress() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String id = create(aws, appSpec(newRevision(aws), "app", 8080), null);
            SandboxTesting.await("the termination wait", Duration.ofSeconds(20),
                    () -> Boolean.TRUE.equals(get(aws, id).instanceTerminationWaitTimeStarted()));
            DeploymentInfo waiting = get(aws, id);
            assertEquals("InProgress", waiting.statusAsString());
            assertEquals("Succeeded", target(aws, id).statusAsString(), "the target is marked Succeeded first");
            assertEquals(1L, waiting.deploymentOverview().succeeded());
            assertEquals(0L, waiting.deploymentOverview().inProgress());
        }
    }

    @Test
    void aStopBeforeAnyReplacementRollsNothingBackAndDoesNotSaySo() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String original = webCd(aws).taskDefinition();
            String id = create(aws, appSpec(newRevision(aws), "app", 8080), null);
            var stop = aws.codeDeploy().stopDeployment(r -> r.deploymentId(id).autoRollbackEnabled(true));
            assertEquals("Pending", stop.statusAsString());
            DeploymentInfo stopped = get(aws, id);
            assertEquals("Stopped", stopped.statusAsString());
            assertEquals("MANUAL_STOP", stopped.errorInformation().codeAsString());
            assertEquals("The deployment was stopped by a user request.", stopped.errorInformation().message());
            assertTrue(stopped.rollbackInfo() == null || stopped.rollbackInfo().rollbackDeploymentId() == null,
                    "no rollback deployment: " + stopped.rollbackInfo());
            assertEquals(original, webCd(aws).taskDefinition(), "the service never left its revision");
            assertEquals(1, webCd(aws).taskSets().size());
        }
    }

    @Test
    void aStopWithoutRollbackLeavesTheTrafficWhereItIsAndSaysNothingOfARollback() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String id = canaryAtTenPercent(aws);
            aws.codeDeploy().stopDeployment(r -> r.deploymentId(id).autoRollbackEnabled(false));
            DeploymentInfo stopped = get(aws, id);
            assertEquals("Stopped", stopped.statusAsString());
            assertEquals("The deployment was stopped by a user request.", stopped.errorInformation().message());
            assertTrue(stopped.rollbackInfo() == null || stopped.rollbackInfo().rollbackDeploymentId() == null,
                    "no rollback deployment: " + stopped.rollbackInfo());
            assertTrue(webCd(aws).taskDefinition().endsWith("web-cd:1"), "the original keeps production traffic");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a sha256 that does not match  | sha       | InvalidRevisionException",
            "an unregistered task definition | unknown-td | InvalidRevisionException",
            "a family:revision, not an ARN | family    | InvalidRevisionException",
            "a container the task definition lacks | container | InvalidRevisionException",
            "a port the container does not map | port   | InvalidRevisionException",
            "content that is neither YAML nor JSON | garbage | InvalidRevisionException",
            "an unknown deployment config  | config    | DeploymentConfigDoesNotExistException",
            "a deployment config for EC2   | ec2-config | InvalidDeploymentConfigNameException",
            "an unknown deployment group   | group     | DeploymentGroupDoesNotExistException",
            "an unknown application        | app       | ApplicationDoesNotExistException",
            "a second deployment while one runs | second | DeploymentLimitExceededException",
    })
    void createDeploymentRefusesWhatCodeDeployRefuses(String what, String problem, String errorCode) {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = newRevision(aws);
            String good = appSpec(arn, "app", 8080);
            String content = switch (problem) {
                case "unknown-td" -> appSpec(arn.replace("web-cd:2", "web-cd:9"), "app", 8080);
                case "family" -> appSpec("web-cd:2", "app", 8080);
                case "container" -> appSpec(arn, "web", 8080);
                case "port" -> appSpec(arn, "app", 80);
                case "garbage" -> "Resources: [ {TargetService: ";
                default -> good;
            };
            String sha = problem.equals("sha") ? AppSpec.sha256(content + " ") : AppSpec.sha256(content);
            if (problem.equals("second")) {
                create(aws, good, null);
            }
            CreateDeploymentRequest request = CreateDeploymentRequest.builder()
                    .applicationName(problem.equals("app") ? "AppECS-demo-web" : APP)
                    .deploymentGroupName(problem.equals("group") ? "DgpECS-demo-web" : GROUP)
                    .deploymentConfigName(switch (problem) {
                        case "config" -> "CodeDeployDefault.ECSLinear50PercentEvery1Minutes";
                        case "ec2-config" -> "CodeDeployDefault.OneAtATime";
                        default -> null;
                    })
                    .revision(r -> r.revisionType("AppSpecContent").appSpecContent(a -> a.content(content)
                            .sha256(sha))).build();
            CodeDeployException error = assertThrows(CodeDeployException.class,
                    () -> aws.codeDeploy().createDeployment(request), what);
            assertEquals(errorCode, error.awsErrorDetails().errorCode(), error.getMessage());
            assertEquals(problem.equals("second") ? 1 : 0, aws.codeDeploy().listDeployments(r -> r
                    .applicationName(APP).deploymentGroupName(GROUP)).deployments().size(), "nothing started");
        }
    }

    @Test
    void theGroupAndTheConfigsReadAsCodeDeployDescribesThem() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults());
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            var group = aws.codeDeploy().getDeploymentGroup(r -> r.applicationName(APP).deploymentGroupName(GROUP))
                    .deploymentGroupInfo();
            assertEquals("CodeDeployDefault.ECSAllAtOnce", group.deploymentConfigName());
            assertEquals("web-cd", group.ecsServices().getFirst().serviceName());
            assertTrue(group.autoRollbackConfiguration().enabled());
            assertEquals(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"),
                    group.autoRollbackConfiguration().eventsAsStrings());
            var canary = aws.codeDeploy().getDeploymentConfig(r -> r
                    .deploymentConfigName("CodeDeployDefault.ECSCanary10Percent15Minutes")).deploymentConfigInfo();
            assertEquals("TimeBasedCanary", canary.trafficRoutingConfig().typeAsString());
            assertEquals(10, canary.trafficRoutingConfig().timeBasedCanary().canaryPercentage());
            assertEquals(15, canary.trafficRoutingConfig().timeBasedCanary().canaryInterval());
            CodeDeployException missing = assertThrows(CodeDeployException.class, () -> aws.codeDeploy()
                    .getDeploymentConfig(r -> r.deploymentConfigName("CodeDeployDefault.ECSLinear50Percent")));
            assertEquals("DeploymentConfigDoesNotExistException", missing.awsErrorDetails().errorCode());
        }
    }
}
