package dev.ecsdeploy.deploy;

import dev.ecsdeploy.util.Decision;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * Decides what an ECS service deployment's state means for this run, as ecspresso does: success only when the
 * deployment completed <em>and</em> the service's primary deployment runs the revision deployed; STOPPED and every
 * ROLLBACK_ state are failures, never success. Pure; table-tested.
 */
@Decision
final class ServiceDeploymentVerdicts {
    private static final Set<String> SHIFTED_STAGES = Set.of("POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP");

    private ServiceDeploymentVerdicts() {
    }

    /**
     * @param deployment      this run's service deployment
     * @param serviceDeployments the service's {@code deployments[]} now
     * @param taskDefinition  the revision this run deployed
     */
    static Verdict evaluate(ServiceDeployment deployment, List<Deployment> serviceDeployments, String taskDefinition) {
        String status = deployment.statusAsString();
        String reason = reason(deployment);
        return switch (status == null ? "" : status) {
            case "SUCCESSFUL" -> primaryRuns(serviceDeployments, taskDefinition)
                    ? Verdict.of(Verdict.Phase.SUCCEEDED, reason)
                    : Verdict.of(Verdict.Phase.STOPPED, "the deployment completed, but the service now runs "
                            + primaryTaskDefinition(serviceDeployments) + ": another deployment superseded it");
            case "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS" -> Verdict.of(Verdict.Phase.ROLLING_BACK, reason);
            case "ROLLBACK_SUCCESSFUL" -> Verdict.of(Verdict.Phase.ROLLED_BACK, reason);
            case "ROLLBACK_FAILED" -> Verdict.of(Verdict.Phase.FAILED, "the rollback failed too"
                    + (reason == null ? "" : ": " + reason));
            // A breaker or alarm without rollback stops the deployment too: that is this revision failing.
            case "STOPPED" -> triggered(deployment) ? Verdict.of(Verdict.Phase.FAILED, reason)
                    : Verdict.of(Verdict.Phase.STOPPED, reason == null ? "the deployment was stopped" : reason);
            default -> trafficShifted(deployment) ? Verdict.of(Verdict.Phase.TRAFFIC_SHIFTED, reason)
                    : Verdict.of(Verdict.Phase.IN_PROGRESS, reason);
        };
    }

    /**
     * The circuit breaker or a deployment alarm fired. Without their rollback option ECS marks the deployment FAILED
     * and stops launching its tasks, and the service deployment ends STOPPED (ECS API reference:
     * DeploymentCircuitBreaker; ServiceDeploymentCircuitBreaker and ServiceDeploymentAlarms status TRIGGERED).
     */
    static boolean triggered(ServiceDeployment deployment) {
        return deployment.deploymentCircuitBreaker() != null
                && "TRIGGERED".equals(deployment.deploymentCircuitBreaker().statusAsString())
                || deployment.alarms() != null && "TRIGGERED".equals(deployment.alarms().statusAsString());
    }

    /** Blue/green, linear, canary: all production traffic on the target revision, past the shift stage. */
    static boolean trafficShifted(ServiceDeployment deployment) {
        return deployment.targetServiceRevision() != null
                && deployment.targetServiceRevision().requestedProductionTrafficWeight() != null
                && deployment.targetServiceRevision().requestedProductionTrafficWeight() >= 100.0
                && SHIFTED_STAGES.contains(deployment.lifecycleStageAsString());
    }

    private static boolean primaryRuns(List<Deployment> deployments, String taskDefinition) {
        return taskDefinition.equals(primaryTaskDefinition(deployments));
    }

    private static String primaryTaskDefinition(List<Deployment> deployments) {
        return deployments.stream().filter(d -> "PRIMARY".equals(d.status())).map(Deployment::taskDefinition)
                .findFirst().orElse(null);
    }

    /**
     * A rollback someone asked for with StopServiceDeployment, not one a failure started: only a stop request moves a
     * deployment to ROLLBACK_REQUESTED, and stoppedAt is set "when a user manually stops the deployment" (or when it
     * fails without the rollback option, which then does not roll back). Source: the ECS Developer Guide, "Stopping
     * Amazon ECS service deployments" and "Properties included in an Amazon ECS service deployment".
     */
    static boolean stoppedByRequest(ServiceDeployment deployment) {
        String status = deployment.statusAsString();
        return "ROLLBACK_REQUESTED".equals(status)
                || deployment.stoppedAt() != null && status != null && status.startsWith("ROLLBACK_");
    }

    /** ECS's reason: the rollback's, the status reason, or what the circuit breaker and alarms say. */
    static String reason(ServiceDeployment deployment) {
        if (deployment.rollback() != null && deployment.rollback().reason() != null) {
            return deployment.rollback().reason();
        }
        if (deployment.statusReason() != null && !deployment.statusReason().isBlank()) {
            return deployment.statusReason();
        }
        if (deployment.alarms() != null && !deployment.alarms().triggeredAlarmNames().isEmpty()) {
            return "alarm " + String.join(", ", deployment.alarms().triggeredAlarmNames()) + " went into ALARM";
        }
        return null;
    }
}
