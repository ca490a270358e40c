package dev.ecsdeploy.notify;

import dev.ecsdeploy.util.Decision;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Block Kit message for a deployment: a header that says what happened to which service and version (all a
 * phone's lock screen shows), short fields that stack on a narrow screen, one line of links, and on failure the
 * reason, the top causes and the mention. Pure: facts in, message out.
 */
@Decision
public final class DeploymentMessages {
    // Slack's limits: header text 150 characters, a field 2000, a section text 3000.
    static final int HEADER_LIMIT = 150;
    static final int FIELD_LIMIT = 2000;
    static final int SECTION_LIMIT = 3000;
    static final int MAX_CAUSES = 3;

    private DeploymentMessages() {
    }

    /** Posted when the deployment starts (Web API only), then updated in place. */
    public static SlackMessage deploying(DeploymentFacts facts) {
        return message(facts, null);
    }

    /** The final word on the run; {@code mention} (e.g. {@code <!here>}) is added only on failure. */
    public static SlackMessage finished(DeploymentFacts facts, String mention) {
        return message(facts, mention);
    }

    private static SlackMessage message(DeploymentFacts facts, String mention) {
        boolean failed = facts.finished() && !facts.status().isSuccess();
        String mentionText = failed && mention != null && !mention.isBlank() ? mention.trim() : null;

        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(p -> p.text(truncate(headline(facts), HEADER_LIMIT)).emoji(true)))));
        if (failed) {
            blocks.add(section(s -> s.text(markdownText(truncate(failureText(facts, mentionText), SECTION_LIMIT)))));
        }
        List<TextObject> fields = fields(facts);
        if (!fields.isEmpty()) {
            blocks.add(section(s -> s.fields(fields)));
        }
        String links = links(facts);
        if (!links.isEmpty()) {
            List<ContextBlockElement> elements = List.of(markdownText(links));
            blocks.add(context(c -> c.elements(elements)));
        }
        String text = (mentionText == null ? "" : mentionText + " ") + summary(facts);
        return new SlackMessage(text, blocks);
    }

    /** "web v1.4.2" or "web", or "deployment" when not even the service is known. */
    static String subject(DeploymentFacts facts) {
        String service = facts.service() == null || facts.service().isBlank() ? "deployment" : facts.service();
        return facts.version() == null ? service : service + " " + facts.version();
    }

    static String headline(DeploymentFacts facts) {
        String subject = subject(facts);
        boolean rollback = "rollback".equals(facts.command());
        if (!facts.finished()) {
            return ":hourglass_flowing_sand: " + (rollback ? "Rolling back " : "Deploying ") + subject;
        }
        return switch (facts.status()) {
            case SUCCESSFUL -> rollback ? ":leftwards_arrow_with_hook: Rolled back " + subject + target(facts)
                    : ":white_check_mark: Deployed " + subject;
            case ROLLED_BACK -> ":rewind: " + subject + " failed and was rolled back";
            case TIMED_OUT -> ":alarm_clock: " + subject + " timed out";
            case CANCELLED -> ":no_entry_sign: " + subject + " was cancelled";
            case SKIPPED -> ":fast_forward: " + subject + " skipped";
            case DRY_RUN -> ":mag: " + subject + " dry run";
            case STARTED -> ":arrow_forward: Started deploying " + subject;
            case TRAFFIC_SHIFTED -> ":twisted_rightwards_arrows: " + subject + " takes all traffic (bake ahead)";
            case READY -> ":vertical_traffic_light: " + subject + " takes test traffic, waiting for the go-ahead";
            case UNKNOWN -> ":grey_question: " + subject + ": outcome unknown";
            case INVALID -> ":no_entry: " + subject + " not deployed: bad input";
            case FAILED -> ":x: " + subject + (rollback ? " rollback failed" : " failed");
        };
    }

    /** One line for notifications and clients without blocks (the same words as the header, without emoji). */
    static String summary(DeploymentFacts facts) {
        String where = facts.environment() != null ? " to " + facts.environment() : "";
        String subject = subject(facts);
        if (!facts.finished()) {
            return ("rollback".equals(facts.command()) ? "Rolling back " : "Deploying ") + subject + where;
        }
        String line = switch (facts.status()) {
            case SUCCESSFUL -> "rollback".equals(facts.command()) ? "Rolled back " + subject + target(facts)
                    : "Deployed " + subject + where;
            case ROLLED_BACK -> subject + " failed and was rolled back";
            case TIMED_OUT -> subject + " timed out";
            case CANCELLED -> subject + " was cancelled";
            case SKIPPED -> subject + " skipped";
            case DRY_RUN -> subject + " dry run";
            case STARTED -> "Started deploying " + subject + where;
            case TRAFFIC_SHIFTED -> subject + " takes all traffic" + where + "; bake time ahead";
            case READY -> subject + " takes test traffic" + where + "; production traffic waits for command: continue";
            case UNKNOWN -> subject + ": outcome unknown";
            case INVALID -> subject + " not deployed: bad input";
            case FAILED -> subject + " failed";
        };
        if (facts.status() != DeploymentStatus.SUCCESSFUL && facts.failureReason() != null) {
            line += ": " + facts.failureReason();
        }
        return truncate(line, SECTION_LIMIT);
    }

    /** A rollback's destination: " to web:3". */
    private static String target(DeploymentFacts facts) {
        return facts.taskDefinition() == null ? "" : " to " + facts.taskDefinition();
    }

    private static String failureText(DeploymentFacts facts, String mention) {
        StringBuilder text = new StringBuilder();
        if (mention != null) {
            text.append(mention).append(' ');
        }
        String step = facts.failedStep() == null || facts.failedStep().equals("run") ? "" : " in _" + facts.failedStep()
                + "_";
        text.append("*Failed").append(step).append(":* ")
                .append(facts.failureReason() == null ? "no reason was recorded" : escape(facts.failureReason()));
        // The deploy stage often quotes its top cause in the reason already; a phone has no room for it twice.
        facts.causes().stream().filter(cause -> facts.failureReason() == null || !facts.failureReason()
                .contains(cause)).limit(MAX_CAUSES).forEach(cause -> text.append("\n• ").append(escape(truncate(cause,
                500))));
        return text.toString();
    }

    private static List<TextObject> fields(DeploymentFacts facts) {
        List<TextObject> fields = new ArrayList<>();
        field(fields, "Environment", facts.environment());
        field(fields, "Service", facts.service() == null ? null : facts.cluster() + " / " + facts.service());
        field(fields, "Strategy", facts.strategy());
        field(fields, "Image", shortImage(facts.image()));
        field(fields, "Task definition", facts.taskDefinition());
        field(fields, "Duration", facts.finished() ? duration(facts.duration()) : null);
        field(fields, "Actor", facts.actor());
        field(fields, "Branch", facts.refName());
        return fields;
    }

    private static void field(List<TextObject> fields, String label, String value) {
        if (value != null && !value.isBlank()) {
            fields.add(markdownText(truncate("*" + label + "*\n" + escape(value), FIELD_LIMIT)));
        }
    }

    private static String links(DeploymentFacts facts) {
        List<String> links = new ArrayList<>();
        if (facts.commitUrl() != null) {
            String sha = facts.sha() == null ? "" : " " + facts.sha().substring(0, Math.min(7, facts.sha().length()));
            links.add(link(facts.commitUrl(), "Commit" + sha));
        }
        if (facts.runUrl() != null) {
            links.add(link(facts.runUrl(), facts.workflow() == null ? "Workflow run" : facts.workflow() + " run"));
        }
        if (facts.consoleUrl() != null) {
            links.add(link(facts.consoleUrl(), "ECS console"));
        }
        return String.join("  ·  ", links);
    }

    private static String link(String url, String label) {
        return "<" + url.replace(">", "%3E").replace("|", "%7C") + "|" + escape(label) + ">";
    }

    /** The repository's last path segment and tag: a phone has no room for the registry host. */
    static String shortImage(String image) {
        if (image == null) {
            return null;
        }
        int slash = image.lastIndexOf('/');
        return slash < 0 ? image : image.substring(slash + 1);
    }

    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }

    /** Slack's mrkdwn control characters; text we relay must not turn into links or mentions. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String truncate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
