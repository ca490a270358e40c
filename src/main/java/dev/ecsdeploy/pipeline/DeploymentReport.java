package dev.ecsdeploy.pipeline;

import java.util.List;

/**
 * What the deploy stage found out, for the outputs, the job summary and the notification.
 *
 * @param cluster       the cluster name
 * @param service       the service name
 * @param strategy      rolling, blue-green, linear, canary or codedeploy
 * @param deploymentId  the ECS service deployment ARN or the CodeDeploy deployment id; null before it exists
 * @param status        how it ended (null while running)
 * @param rolledBack    true when ECS, CodeDeploy or the action rolled it back
 * @param failureReason one line, or null
 * @param causes        the top causes found (stopped-task reasons with counts, failure events), most telling first
 * @param consoleUrl    the AWS console page of the deployment
 */
public record DeploymentReport(String cluster, String service, String strategy, String deploymentId,
                               DeploymentStatus status, boolean rolledBack, String failureReason, List<String> causes,
                               String consoleUrl) {
}
