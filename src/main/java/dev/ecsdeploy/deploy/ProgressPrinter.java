package dev.ecsdeploy.deploy;

import dev.ecsdeploy.github.ActionLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.ServiceRevisionSummary;

/**
 * Prints what changes while a deployment runs, and nothing else: each new service event once, and a line per
 * deployment only when its counts or state changed (as ecspresso does), so a long wait stays readable.
 */
final class ProgressPrinter {
    private final ActionLog log;
    private final Instant since;
    private final Set<String> seenEvents = new HashSet<>();
    private final Map<String, String> lastLines = new java.util.LinkedHashMap<>();
    private final List<String> lastEvents = new ArrayList<>();

    ProgressPrinter(ActionLog log, Instant since) {
        this.log = log;
        this.since = since;
    }

    void events(List<ServiceEvent> newestFirst) {
        List<ServiceEvent> fresh = new ArrayList<>();
        for (ServiceEvent event : newestFirst) {
            if (seenEvents.add(event.id()) && (event.createdAt() == null || !event.createdAt().isBefore(since))) {
                fresh.addFirst(event);
            }
        }
        fresh.forEach(event -> log.info("  event: " + event.message()));
        fresh.forEach(event -> lastEvents.add(event.message()));
        while (lastEvents.size() > 3) {
            lastEvents.removeFirst();
        }
    }

    /** The last state printed, a line each, and the last few events: what a timeout says was seen. */
    List<String> seen() {
        List<String> seen = new ArrayList<>();
        lastLines.values().forEach(line -> seen.add(line.trim()));
        lastEvents.forEach(event -> seen.add("event: " + event));
        return seen;
    }

    void deployments(List<Deployment> deployments) {
        for (Deployment deployment : deployments) {
            printIfChanged(deployment.id(), deploymentLine(deployment));
        }
    }

    /** Status and stage on one line, the traffic split on another: each printed when it changes. */
    void serviceDeployment(ServiceDeployment deployment) {
        printIfChanged(deployment.serviceDeploymentArn(), stageLine(deployment));
        String traffic = trafficLine(deployment);
        if (traffic != null) {
            printIfChanged(deployment.serviceDeploymentArn() + " traffic", traffic);
        }
    }

    private void printIfChanged(String key, String line) {
        if (!line.equals(lastLines.put(key, line))) {
            log.info(line);
        }
    }

    static String deploymentLine(Deployment deployment) {
        String revision = deployment.taskDefinition() == null ? "?"
                : deployment.taskDefinition().substring(deployment.taskDefinition().lastIndexOf('/') + 1);
        return String.format("%-8s %s %s: running %d/%d, pending %d, failed %d%s", deployment.status(),
                deployment.id(), revision, deployment.runningCount(), deployment.desiredCount(),
                deployment.pendingCount(), deployment.failedTasks(),
                deployment.rolloutStateAsString() == null ? "" : ", " + deployment.rolloutStateAsString());
    }

    /** Status and lifecycle stage, and the traffic split once there is traffic to split (for the status command). */
    static String serviceDeploymentLine(ServiceDeployment deployment) {
        String traffic = trafficLine(deployment);
        return stageLine(deployment) + (traffic == null ? "" : "; " + traffic.trim());
    }

    static String stageLine(ServiceDeployment deployment) {
        StringBuilder line = new StringBuilder("deployment ").append(deployment.statusAsString());
        if (deployment.lifecycleStageAsString() != null) {
            line.append(", stage ").append(deployment.lifecycleStageAsString());
            List<String> hooks = hooksAtStage(deployment);
            if (!hooks.isEmpty() && "IN_PROGRESS".equals(deployment.statusAsString())) {
                line.append(", waiting for lifecycle hook").append(hooks.size() > 1 ? "s " : " ")
                        .append(String.join(", ", hooks));
            }
        }
        return line.toString();
    }

    /**
     * The functions of the hooks configured for the deployment's current stage, by name: ECS invokes them there and
     * the stage ends only once they answer SUCCEEDED (ECS Developer Guide, "Lifecycle hooks for Amazon ECS service
     * deployments"). SDK 2.40.2 has no lifecycleHookDetails, so their answers are read from the service events.
     */
    static List<String> hooksAtStage(ServiceDeployment deployment) {
        if (deployment.deploymentConfiguration() == null || !deployment.deploymentConfiguration()
                .hasLifecycleHooks()) {
            return List.of();
        }
        String stage = deployment.lifecycleStageAsString();
        return deployment.deploymentConfiguration().lifecycleHooks().stream()
                .filter(hook -> hook.lifecycleStagesAsStrings().contains(stage) && hook.hookTargetArn() != null)
                .map(hook -> functionName(hook.hookTargetArn())).toList();
    }

    /** {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]} → NAME. */
    private static String functionName(String arn) {
        int at = arn.indexOf(":function:");
        String rest = at < 0 ? arn : arn.substring(at + ":function:".length());
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }

    /**
     * "traffic: production 30% new / 70% old, test 100% new / 0% old": the weights ECS requests for the target
     * revision and the source revisions, or null when the deployment shifts no traffic (rolling).
     */
    static String trafficLine(ServiceDeployment deployment) {
        ServiceRevisionSummary target = deployment.targetServiceRevision();
        if (target == null || target.requestedProductionTrafficWeight() == null) {
            return null;
        }
        StringBuilder line = new StringBuilder("  traffic: production ")
                .append(split(target.requestedProductionTrafficWeight(), deployment.sourceServiceRevisions()
                        .stream().map(ServiceRevisionSummary::requestedProductionTrafficWeight).toList()));
        if (target.requestedTestTrafficWeight() != null) {
            line.append(", test ").append(split(target.requestedTestTrafficWeight(), deployment
                    .sourceServiceRevisions().stream().map(ServiceRevisionSummary::requestedTestTrafficWeight)
                    .toList()));
        }
        return line.toString();
    }

    private static String split(double target, List<Double> sources) {
        double old = sources.stream().filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sum();
        // Without source weights the rest is on the old revision: ECS keeps production traffic at 100% in total.
        if (sources.stream().allMatch(java.util.Objects::isNull)) {
            old = Math.max(0, 100 - target);
        }
        return percent(target) + "% new / " + percent(old) + "% old";
    }

    private static String percent(double weight) {
        return weight == Math.rint(weight) ? Long.toString((long) weight) : Double.toString(weight);
    }
}
