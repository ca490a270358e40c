package dev.ecsdeploy.notify;

import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.deploy.ConsoleLinks;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.github.GithubContext;
import dev.ecsdeploy.github.Masker;
import dev.ecsdeploy.pipeline.DeploymentReport;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.ImageRef;
import dev.ecsdeploy.pipeline.Outcome;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunState;
import dev.ecsdeploy.pipeline.TaskDefinitionRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a notification may say about a run, read once from the run and already masked: the pure message builders
 * take only this, so nothing they write can carry a secret the run knows about. Null means "not known (yet)".
 *
 * @param command       deploy or rollback
 * @param status        how the run ended; null while it is still deploying
 * @param failureReason one line, or null
 * @param failedStep    the step that failed, or null
 * @param taskDefinition family:revision
 * @param causes        the deploy stage's top causes (stopped-task reasons, failure events)
 * @param outputs       every output written so far, by name
 */
public record DeploymentFacts(String command, DeploymentStatus status, String failureReason, String failedStep,
                              String service, String cluster, String environment, String strategy, String version,
                              String image, String taskDefinition, Duration duration, String actor, String refName,
                              String workflow, String repository, String sha, String commitUrl, String runUrl,
                              String consoleUrl, List<String> causes, Map<String, String> outputs) {

    public DeploymentFacts {
        failureReason = oneLine(failureReason);
        causes = causes == null ? List.of() : causes.stream().map(DeploymentFacts::oneLine).toList();
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    /** The run as it stands; {@code outcome} null while the deployment is starting. */
    public static DeploymentFacts from(RunContext context, Outcome outcome) {
        Masker masker = context.log().masker();
        RunState state = context.state();
        DeploymentReport report = state.get(Results.DEPLOYMENT);
        GithubContext github = context.github();
        String cluster = report != null ? report.cluster() : orDefault(context.inputs().string(Input.CLUSTER),
                "default");
        String service = report != null ? report.service() : context.inputs().string(Input.SERVICE);
        String version = state.version() != null ? state.version() : context.outputs().get(ActionOutput.VERSION);

        ImageRef imageRef = state.get(Results.IMAGE);
        String image = imageRef != null ? imageRef.uri() : firstSet(context.outputs().get(ActionOutput.IMAGE_URI),
                context.inputs().string(Input.IMAGE));
        TaskDefinitionRef taskDefinitionRef = state.get(Results.TASK_DEFINITION);
        String taskDefinition = taskDefinitionRef == null || taskDefinitionRef.revision() == 0 ? null
                : taskDefinitionRef.family() + ":" + taskDefinitionRef.revision();

        String consoleUrl = firstSet(report == null ? null : report.consoleUrl(),
                context.outputs().get(ActionOutput.CONSOLE_URL));
        if (consoleUrl == null && service != null) {
            String region = regionOrNull(context);
            consoleUrl = region == null ? null : ConsoleLinks.serviceDeployments(region, cluster, service);
        }
        List<String> causes = report == null ? List.of() : report.causes();
        String commitUrl = firstSet(context.event() == null ? null : context.event().headCommitUrl(),
                github.commitUrl());

        Map<String, String> outputs = new LinkedHashMap<>();
        context.outputs().values().forEach((name, value) -> outputs.put(name, masker.mask(value)));

        return new DeploymentFacts(
                context.command(),
                outcome == null ? null : outcome.status(),
                masker.mask(outcome == null ? null : outcome.failureReason()),
                outcome == null ? null : outcome.failedStep(),
                masker.mask(service),
                masker.mask(cluster),
                masker.mask(context.inputs().environmentName()),
                masker.mask(strategy(context, report)),
                masker.mask(version),
                masker.mask(image),
                masker.mask(taskDefinition),
                Duration.between(context.startedAt(), context.clock().instant()),
                masker.mask(github.actor()),
                masker.mask(github.refName()),
                masker.mask(github.workflow()),
                masker.mask(github.repository()),
                masker.mask(github.sha()),
                masker.mask(commitUrl),
                masker.mask(github.runUrl()),
                masker.mask(consoleUrl),
                causes.stream().map(masker::mask).toList(),
                outputs);
    }

    public boolean finished() {
        return status != null;
    }

    static String oneLine(String text) {
        return text == null ? null : text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** What the deploy stage resolved, else what was asked for; "auto" says nothing, so it is left out. */
    private static String strategy(RunContext context, DeploymentReport report) {
        String strategy = report != null ? report.strategy() : context.inputs().string(Input.STRATEGY);
        return "auto".equals(strategy) ? null : strategy;
    }

    private static String regionOrNull(RunContext context) {
        try {
            return context.region();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
