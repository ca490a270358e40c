package dev.ecsdeploy.deploy.codedeploy;

import dev.ecsdeploy.deploy.DeploySettings;
import dev.ecsdeploy.deploy.Verdict;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.pipeline.Cancellation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.ECSTarget;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Follows one CodeDeploy deployment until it is decided: GetDeployment and GetDeploymentTarget per poll (plus the
 * rollback deployment once there is one), progress printed as it changes, throttling answered by backing off, and a
 * cancellation noticed at once.
 */
final class CodeDeployWatcher {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    enum End { DECIDED, TIMED_OUT, CANCELLED }

    record Result(End end, Verdict verdict, DeploymentInfo deployment) {
    }

    private final CodeDeployClient codeDeploy;
    private final EcsClient ecs;
    private final ActionLog log;
    private final Cancellation cancellation;
    private final Clock clock;

    CodeDeployWatcher(CodeDeployClient codeDeploy, EcsClient ecs, ActionLog log, Cancellation cancellation,
                      Clock clock) {
        this.codeDeploy = codeDeploy;
        this.ecs = ecs;
        this.log = log;
        this.cancellation = cancellation;
        this.clock = clock;
    }

    Result watch(String deploymentId, String taskDefinitionArn, DeploySettings settings, Instant startedAt) {
        Instant deadline = startedAt.plus(settings.timeout());
        CodeDeployProgress progress = new CodeDeployProgress(log);
        Duration interval = settings.pollInterval();
        Verdict verdict = new Verdict(Verdict.Phase.IN_PROGRESS, null);
        DeploymentInfo deployment = null;
        String targetId = null;
        boolean announcedRollback = false;
        boolean announcedReady = false;
        boolean readTargets = true;
        while (true) {
            if (cancellation.isCancelled()) {
                return new Result(End.CANCELLED, verdict, deployment);
            }
            try {
                deployment = codeDeploy.getDeployment(r -> r.deploymentId(deploymentId)).deploymentInfo();
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
                verdict = CodeDeployVerdicts.evaluate(deployment, rollback,
                        target == null ? List.of() : target.taskSetsInfo(), serviceTaskDefinition, taskDefinitionArn);
                interval = settings.pollInterval();
            } catch (AwsServiceException e) {
                if (!e.isThrottlingException()) {
                    throw e;
                }
                interval = backOff(interval);
                log.info("  (AWS is throttling the calls; next look in " + interval.toSeconds() + "s)");
            } catch (SdkClientException e) {
                interval = backOff(interval);
                log.info("  (could not reach AWS: " + e.getMessage() + "; next look in " + interval.toSeconds() + "s)");
            }
            if (verdict.phase().isTerminal()
                    || settings.untilTrafficShifted() && verdict.phase() == Verdict.Phase.TRAFFIC_SHIFTED) {
                return new Result(End.DECIDED, verdict, deployment);
            }
            if (verdict.phase() == Verdict.Phase.ROLLING_BACK && !announcedRollback) {
                announcedRollback = true;
                log.info("CodeDeploy is rolling back" + (verdict.reason() == null ? "" : ": " + verdict.reason()));
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return new Result(End.TIMED_OUT, verdict, deployment);
            }
            cancellation.sleep(interval.compareTo(left) < 0 ? interval : left);
        }
    }

    private DeploymentInfo rollbackOf(DeploymentInfo deployment) {
        if (deployment.rollbackInfo() == null || deployment.rollbackInfo().rollbackDeploymentId() == null) {
            return null;
        }
        String id = deployment.rollbackInfo().rollbackDeploymentId();
        return codeDeploy.getDeployment(r -> r.deploymentId(id)).deploymentInfo();
    }

    private static Duration backOff(Duration interval) {
        Duration doubled = interval.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }
}
