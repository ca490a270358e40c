package dev.ecsdeploy.notify;

import dev.ecsdeploy.github.ActionOutput;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * The values a {@code slack-payload} template can use: every output of the action by its name, the fields of the
 * source workflow's Workflow Builder payload, and a few facts about the deployment. Unknown values are empty strings.
 */
public final class TemplateValues {
    /** The source documents' Slack payload, field for field. */
    static final List<String> SEED_FIELDS = List.of("custom_status", "workflow", "job_build", "status_build",
            "job_deploy", "status_deploy", "actor", "ref_name", "head_commit_url", "action_run_url");
    static final List<String> EXTRA_FIELDS = List.of("service", "cluster", "environment", "strategy", "repository",
            "sha", "task-definition");

    private TemplateValues() {
    }

    /** Every name a template may use. */
    public static SequencedSet<String> names() {
        SequencedSet<String> names = new LinkedHashSet<>(SEED_FIELDS);
        names.addAll(EXTRA_FIELDS);
        for (ActionOutput output : ActionOutput.values()) {
            names.add(output.outputName());
        }
        return names;
    }

    /** The values for a finished run ({@code messageTs}: the Web API message, or null). */
    public static Map<String, String> of(DeploymentFacts facts, String messageTs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names()) {
            values.put(name, "");
        }
        values.putAll(facts.outputs());
        StageResults stages = StageResults.of(facts.command(), facts.status(), facts.failedStep());
        put(values, "custom_status", DeploymentMessages.summary(facts));
        put(values, "workflow", facts.workflow());
        put(values, "job_build", "build");
        put(values, "status_build", stages.build());
        put(values, "job_deploy", facts.command());
        put(values, "status_deploy", stages.deploy());
        put(values, "actor", facts.actor());
        put(values, "ref_name", facts.refName());
        put(values, "head_commit_url", facts.commitUrl());
        put(values, "action_run_url", facts.runUrl());
        put(values, "service", facts.service());
        put(values, "cluster", facts.cluster());
        put(values, "environment", facts.environment());
        put(values, "strategy", facts.strategy());
        put(values, "repository", facts.repository());
        put(values, "sha", facts.sha());
        put(values, "task-definition", facts.taskDefinition());
        put(values, ActionOutput.VERSION.outputName(), facts.version());
        put(values, ActionOutput.IMAGE_URI.outputName(), facts.image());
        put(values, ActionOutput.CONSOLE_URL.outputName(), facts.consoleUrl());
        if (facts.status() != null) {
            put(values, ActionOutput.DEPLOYMENT_STATUS.outputName(), facts.status().name());
            put(values, ActionOutput.FAILURE_REASON.outputName(), facts.failureReason());
        }
        put(values, ActionOutput.DURATION_SECONDS.outputName(), Long.toString(facts.duration().toSeconds()));
        put(values, ActionOutput.SLACK_MESSAGE_TS.outputName(), messageTs);
        return values;
    }

    private static void put(Map<String, String> values, String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }
}
