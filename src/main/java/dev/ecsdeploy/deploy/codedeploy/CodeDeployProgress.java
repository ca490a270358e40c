package dev.ecsdeploy.deploy.codedeploy;

import dev.ecsdeploy.github.ActionLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.ECSTarget;
import software.amazon.awssdk.services.codedeploy.model.ECSTaskSet;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEvent;

/**
 * Prints what changes in a CodeDeploy deployment, and nothing else: its status, each lifecycle event as it moves
 * (BeforeInstall InProgress → Succeeded), and the production traffic split between the task sets as it shifts.
 */
final class CodeDeployProgress {
    private final ActionLog log;
    private final Map<String, String> lastLines = new java.util.LinkedHashMap<>();

    CodeDeployProgress(ActionLog log) {
        this.log = log;
    }

    void deployment(DeploymentInfo deployment) {
        printIfChanged("status:" + deployment.deploymentId(), statusLine(deployment));
    }

    void target(ECSTarget target) {
        if (target == null) {
            return;
        }
        for (LifecycleEvent event : target.lifecycleEvents()) {
            if ("Pending".equals(event.statusAsString())) {
                continue; // not started: eight "Pending" lines up front would say nothing
            }
            printIfChanged("event:" + event.lifecycleEventName(), "  " + event.lifecycleEventName() + ": "
                    + event.statusAsString());
        }
        String traffic = trafficLine(target.taskSetsInfo());
        if (traffic != null) {
            printIfChanged("traffic", traffic);
        }
    }

    /** The last state printed, a line each: what a timeout says was seen. */
    List<String> seen() {
        return lastLines.values().stream().map(String::trim).toList();
    }

    private void printIfChanged(String key, String line) {
        if (!line.equals(lastLines.put(key, line))) {
            log.info(line);
        }
    }

    static String statusLine(DeploymentInfo deployment) {
        return "CodeDeploy deployment " + deployment.deploymentId() + ": " + deployment.statusAsString();
    }

    /** "production traffic: 10% replacement (2/2 running), 90% original (2/2 running)", or null without task sets. */
    static String trafficLine(List<ECSTaskSet> taskSets) {
        if (taskSets.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String label : List.of("Green", "Blue")) {
            taskSets.stream().filter(set -> label.equals(set.taskSetLabelAsString())).forEach(set -> parts.add(
                    percent(set.trafficWeight()) + "% " + (label.equals("Green") ? "replacement" : "original")
                            + " (" + count(set.runningCount()) + "/" + count(set.desiredCount()) + " running)"));
        }
        return parts.isEmpty() ? null : "  production traffic: " + String.join(", ", parts);
    }

    private static String percent(Double weight) {
        double value = weight == null ? 0 : weight;
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static long count(Long value) {
        return value == null ? 0 : value;
    }
}
