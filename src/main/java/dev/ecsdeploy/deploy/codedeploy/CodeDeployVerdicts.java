package dev.ecsdeploy.deploy.codedeploy;

import dev.ecsdeploy.deploy.Verdict;
import dev.ecsdeploy.util.Decision;
import java.util.List;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.ECSTaskSet;

/**
 * Decides what a CodeDeploy deployment's state means for this run. Succeeded counts only when the service then runs
 * the revision deployed; Failed and Stopped are never success, and are "rolled back" only once the rollback
 * deployment CodeDeploy started has itself succeeded. Pure; table-tested.
 */
@Decision
public final class CodeDeployVerdicts {
    private CodeDeployVerdicts() {
    }

    /**
     * @param deployment            GetDeployment of this run's deployment
     * @param rollback              GetDeployment of the rollback deployment its rollbackInfo names, or null
     * @param taskSets              the ECS target's task sets (empty when not known yet)
     * @param serviceTaskDefinition the task definition the service reports now (its primary task set's)
     * @param taskDefinition        the revision this run deployed
     */
    public static Verdict evaluate(DeploymentInfo deployment, DeploymentInfo rollback, List<ECSTaskSet> taskSets,
                                   String serviceTaskDefinition, String taskDefinition) {
        String status = deployment.statusAsString();
        String reason = reason(deployment);
        return switch (status == null ? "" : status) {
            case "Succeeded" -> serviceTaskDefinition == null || serviceTaskDefinition.equals(taskDefinition)
                    ? new Verdict(Verdict.Phase.SUCCEEDED, reason)
                    : new Verdict(Verdict.Phase.STOPPED, "CodeDeploy reports success, but the service now runs "
                    + serviceTaskDefinition + ": another deployment superseded it");
            case "Failed", "Stopped" -> ended(status, reason, deployment, rollback);
            // Ready: test traffic on the replacement, production traffic waits for ContinueDeployment(READY_WAIT).
            case "Ready" -> new Verdict(Verdict.Phase.READY, reason);
            // Baking: the replacement takes all production traffic and CodeDeploy watches it before finishing.
            case "Baking" -> new Verdict(Verdict.Phase.TRAFFIC_SHIFTED, reason);
            default -> replacementTakesAllTraffic(taskSets) ? new Verdict(Verdict.Phase.TRAFFIC_SHIFTED, reason)
                    : new Verdict(Verdict.Phase.IN_PROGRESS, reason);
        };
    }

    private static Verdict ended(String status, String reason, DeploymentInfo deployment, DeploymentInfo rollback) {
        String rollbackId = deployment.rollbackInfo() == null ? null : deployment.rollbackInfo().rollbackDeploymentId();
        if (rollbackId == null) {
            return status.equals("Stopped")
                    ? new Verdict(Verdict.Phase.STOPPED, reason == null ? "the deployment was stopped" : reason)
                    : new Verdict(Verdict.Phase.FAILED, reason == null ? "CodeDeploy gave no reason" : reason);
        }
        String rollbackStatus = rollback == null ? null : rollback.statusAsString();
        if ("Succeeded".equals(rollbackStatus)) {
            return new Verdict(Verdict.Phase.ROLLED_BACK, reason);
        }
        if ("Failed".equals(rollbackStatus) || "Stopped".equals(rollbackStatus)) {
            return new Verdict(Verdict.Phase.FAILED, "the rollback " + rollbackId + " failed too"
                    + (reason == null ? "" : ": " + reason));
        }
        return new Verdict(Verdict.Phase.ROLLING_BACK, reason);
    }

    /** The replacement (green) task set has 100% of production traffic. */
    static boolean replacementTakesAllTraffic(List<ECSTaskSet> taskSets) {
        return taskSets.stream().anyMatch(set -> "Green".equals(set.taskSetLabelAsString())
                && set.trafficWeight() != null && set.trafficWeight() >= 100.0);
    }

    /**
     * Stopped by someone's StopDeployment (command: rollback, the console, the CLI), not by a failure or an alarm:
     * CodeDeploy's ErrorCode MANUAL_STOP, where an alarm's stop is ALARM_ACTIVE (CodeDeploy API reference,
     * ErrorInformation).
     */
    public static boolean stoppedByRequest(DeploymentInfo deployment) {
        return deployment != null && deployment.errorInformation() != null
                && "MANUAL_STOP".equals(deployment.errorInformation().codeAsString());
    }

    /** CodeDeploy's own words: errorInformation's message (with its code), else the rollback message. */
    public static String reason(DeploymentInfo deployment) {
        if (deployment.errorInformation() != null) {
            String message = deployment.errorInformation().message();
            String code = deployment.errorInformation().codeAsString();
            if (message != null && !message.isBlank()) {
                return code == null ? message : message + " (" + code + ")";
            }
            if (code != null) {
                return code;
            }
        }
        if (deployment.rollbackInfo() != null && deployment.rollbackInfo().rollbackMessage() != null) {
            return deployment.rollbackInfo().rollbackMessage();
        }
        return null;
    }
}
