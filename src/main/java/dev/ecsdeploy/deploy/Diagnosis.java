package dev.ecsdeploy.deploy;

import java.util.regex.Pattern;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.JobSummary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/**
 * Why a deployment failed, found rather than guessed: ECS's own reason, alarms that fired, the stopped tasks grouped by
 * cause, the failure events, and the last log lines of containers that exited.
 *
 * @param logTails "container in task id" → its last log lines
 */
public record Diagnosis(String ecsReason, List<String> triggeredAlarms, List<StoppedTaskCauses.Cause> causes,
                        List<ServiceEvent> events, Map<String, List<String>> logTails, String reasonSource) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** ECS's reason, as the deployment reported it. */
    Diagnosis(String ecsReason, List<String> triggeredAlarms, List<StoppedTaskCauses.Cause> causes,
              List<ServiceEvent> events, Map<String, List<String>> logTails) {
        this(ecsReason, triggeredAlarms, causes, events, logTails, "ECS");
    }

    public static Diagnosis of(String ecsReason) {
        return new Diagnosis(ecsReason, List.of(), List.of(), List.of(), Map.of());
    }

    /** The same evidence with the last log lines of the containers that exited. */
    Diagnosis withLogTails(Map<String, List<String>> tails) {
        return new Diagnosis(ecsReason, triggeredAlarms, causes, events,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tails)), reasonSource);
    }

    /** The same evidence with the reason another service (CodeDeploy) gave for the failure. */
    public Diagnosis reportedBy(String source, String reason) {
        return new Diagnosis(reason, triggeredAlarms, causes, events, logTails, source);
    }

    /** True when something was found; a timeout with nothing found is told by what was seen instead. */
    public boolean found() {
        return !triggeredAlarms.isEmpty() || !causes.isEmpty() || !events.isEmpty() || ecsReason != null
                || !logTails.isEmpty();
    }

    /**
     * The single most telling reason: a fired alarm, the commonest stopped-task cause, a failure event, ECS's; null
     * when nothing was found.
     */
    public String rootCause() {
        if (!triggeredAlarms.isEmpty()) {
            return "alarm " + String.join(", ", triggeredAlarms) + " went into ALARM";
        }
        if (!causes.isEmpty()) {
            return causes.getFirst().withCount();
        }
        // An event that only announces the rollback says what ECS does, not why: ECS's own reason says why.
        return events.stream().map(ServiceEvent::message)
                .filter(message -> !ROLLBACK_ANNOUNCEMENT.matcher(message).find())
                .findFirst().orElse(ecsReason != null ? ecsReason
                        : events.isEmpty() ? null : events.getFirst().message());
    }

    /** ECS's service event "(service web) rolling back to deployment ecs-svc/…." */
    private static final Pattern ROLLBACK_ANNOUNCEMENT = Pattern.compile(
            "\\) rolling back to deployment ");

    /** The top causes, one line each, for notifications. */
    public List<String> topCauses(int limit) {
        List<String> top = new ArrayList<>();
        triggeredAlarms.forEach(alarm -> top.add("alarm " + alarm + " went into ALARM"));
        causes.forEach(cause -> top.add(cause.withCount()));
        if (top.isEmpty() && ecsReason != null) {
            top.add(ecsReason);
        }
        return top.stream().limit(limit).toList();
    }

    /** The crashed containers' last log lines, one group each, for those who read the log and not the summary. */
    public void logTo(ActionLog log) {
        logTails.forEach((where, lines) -> {
            try (ActionLog.Group ignored = log.group("Last log lines of " + where)) {
                lines.forEach(log::info);
            }
        });
    }

    /** The evidence as a summary section; nothing at all when nothing was found. */
    public void appendTo(JobSummary summary) {
        if (!found()) {
            return;
        }
        summary.heading(3, "Why it failed");
        if (ecsReason != null) {
            summary.paragraph(reasonSource + ": " + ecsReason);
        }
        if (!triggeredAlarms.isEmpty()) {
            summary.paragraph("Alarms in ALARM: " + String.join(", ", triggeredAlarms.stream()
                    .map(alarm -> "`" + alarm + "`").toList()));
        }
        if (!causes.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (StoppedTaskCauses.Cause cause : causes) {
                rows.add(List.of(Integer.toString(cause.count()), cause.stopCode() == null ? "" : cause.stopCode(),
                        cause.description()));
            }
            summary.paragraph("**Stopped tasks of the new revision, by cause**")
                    .table(List.of("tasks", "stop code", "reason"), rows);
        }
        logTails.forEach((where, lines) -> summary.paragraph("**Last log lines of " + where + "**")
                .code("", String.join("\n", lines)));
        if (!events.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            events.forEach(event -> rows.add(List.of(TIME.format(event.createdAt()), event.message())));
            summary.paragraph("**Failure events**").table(List.of("time (UTC)", "event"), rows);
        }
    }
}
