package dev.ecsdeploy.deploy.codedeploy;

import dev.ecsdeploy.deploy.AwsCalls;
import dev.ecsdeploy.deploy.DeploySettings;
import dev.ecsdeploy.deploy.DeploymentController;
import dev.ecsdeploy.deploy.PollLoop;
import dev.ecsdeploy.deploy.Verdict;
import dev.ecsdeploy.github.ActionLog;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.ECSTarget;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Follows one CodeDeploy deployment until it is decided: GetDeployment and GetDeploymentTarget per poll (plus the
 * rollback deployment once there is one) and progress printed as it changes, in the shared {@link PollLoop}. One
 * watcher per wait.
 */
final class CodeDeployWatcher {
    private final CodeDeployClient codeDeploy;
    private final EcsClient ecs;
    private final ActionLog log;
    private DeploymentInfo deployment;
    private String targetId;
    private boolean announcedReady;
    private boolean readTargets = true;

    CodeDeployWatcher(CodeDeployClient codeDeploy, EcsClient ecs, ActionLog log) {
        this.codeDeploy = codeDeploy;
        this.ecs = ecs;
        this.log = log;
    }

    DeploymentController.Watched watch(PollLoop loop, String deploymentId, String taskDefinitionArn,
                                       DeploySettings settings, PollLoop.Bounds bounds) {
        CodeDeployProgress progress = new CodeDeployProgress(log);
        PollLoop.Ended ended = loop.run(bounds, "CodeDeploy", () -> {
            try {
                deployment = codeDeploy.getDeployment(r -> r.deploymentId(deploymentId)
                        .overrideConfiguration(AwsCalls.BOUNDED)).deploymentInfo();
            } catch (DeploymentDoesNotExistException e) {
                throw new PollLoop.VanishedException("CodeDeploy deployment " + deploymentId + " no longer exists");
            }
            progress.deployment(deployment);
            ECSTarget target = null;
            if (readTargets) {
                try {
                    if (targetId == null) {
                        // The ECS target appears once CodeDeploy has started; until then nothing to show.
                        targetId = codeDeploy.listDeploymentTargets(r -> r.deploymentId(deploymentId))
                                .targetIds().stream().findFirst().orElse(null);
                    }
                    if (targetId != null) {
                        String id = targetId;
                        target = codeDeploy.getDeploymentTarget(r -> r.deploymentId(deploymentId).targetId(id))
                                .deploymentTarget().ecsTarget();
                        progress.target(target);
                    }
                } catch (AwsServiceException e) {
                    if (e.isThrottlingException() || e.statusCode() >= 500) {
                        throw e;
                    }
                    // e.g. no codedeploy:GetDeploymentTarget permission: the status alone still decides.
                    readTargets = false;
                    log.info("  (cannot read the deployment's targets: " + e.awsErrorDetails().errorCode()
                            + "; showing the status only)");
                }
            }
            if ("Ready".equals(deployment.statusAsString()) && !announcedReady) {
                announcedReady = true;
                log.info("CodeDeploy waits for someone to continue " + deploymentId + " (console, or aws deploy"
                        + " continue-deployment --deployment-id " + deploymentId
                        + " --deployment-wait-type READY_WAIT).");
            }
            DeploymentInfo rollback = rollbackOf(deployment);
            if (rollback != null) {
                progress.deployment(rollback);
            }
            String serviceTaskDefinition = "Succeeded".equals(deployment.statusAsString())
                    ? ecs.describeServices(r -> r.cluster(settings.cluster()).services(settings.service()))
                    .services().getFirst().taskDefinition() : null;
            return CodeDeployVerdicts.evaluate(deployment, rollback,
                    target == null ? List.of() : target.taskSetsInfo(), serviceTaskDefinition, taskDefinitionArn);
        });
        return new DeploymentController.Watched(ended, progress.seen(), deployment,
                CodeDeployVerdicts.stoppedByRequest(deployment));
    }

    private DeploymentInfo rollbackOf(DeploymentInfo deployment) {
        if (deployment.rollbackInfo() == null || deployment.rollbackInfo().rollbackDeploymentId() == null) {
            return null;
        }
        String id = deployment.rollbackInfo().rollbackDeploymentId();
        return codeDeploy.getDeployment(r -> r.deploymentId(id)).deploymentInfo();
    }
}
