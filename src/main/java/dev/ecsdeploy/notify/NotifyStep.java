package dev.ecsdeploy.notify;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.pipeline.Outcome;
import dev.ecsdeploy.pipeline.ResultKey;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import java.util.Set;

/**
 * Tells Slack how the deployment went: with a bot token, one message posted as it starts and updated in place as
 * it ends; with a webhook, one message at the end (the Block Kit message, or the {@code slack-payload} template).
 * Runs last and reports every outcome, including a failure in an earlier step, but not a skipped run or a dry run.
 * Slack trouble is a warning: it never changes the exit status.
 */
public final class NotifyStep implements Step {
    /** chat.update errors after which a fresh message is the only way to report the end. */
    private static final Set<String> MESSAGE_GONE = Set.of("message_not_found", "cant_update_message",
            "edit_window_closed", "msg_too_long");

    private static final ResultKey<SlackSettings> SETTINGS = ResultKey.of("the Slack settings", SlackSettings.class);
    private static final ResultKey<SlackSender.Posted> POSTED = ResultKey.of("the Slack start message",
            SlackSender.Posted.class);

    private final RetryPolicy retryPolicy;

    public NotifyStep() {
        this(RetryPolicy.DEFAULT);
    }

    NotifyStep(RetryPolicy retryPolicy) {
        this.retryPolicy = retryPolicy;
    }

    @Override
    public String name() {
        return "notify slack";
    }

    @Override
    public void plan(RunContext context) {
        context.state().put(SETTINGS, SlackSettings.from(context.inputs(), context.env()));
    }

    @Override
    public void beforeApply(RunContext context) {
        SlackSettings settings = context.state().get(SETTINGS);
        if (settings == null || !settings.announcesStart()) {
            return;
        }
        try (SlackSender sender = new SlackSender(settings.apiUrl(), retryPolicy)) {
            SlackMessage message = DeploymentMessages.deploying(DeploymentFacts.from(context, null));
            SlackSender.Posted posted = sender.postMessage(settings.botToken(), settings.channel(), message);
            context.state().put(POSTED, posted);
            context.outputs().set(ActionOutput.SLACK_MESSAGE_TS, posted.ts());
            context.log().info("Slack: posted the start message in " + settings.channel() + ".");
        } catch (SlackDeliveryException | RuntimeException e) {
            context.log().warning("Slack: could not post the start message: " + (e.getMessage() == null ? e
                    : e.getMessage())
                    + ". The deployment goes on; the result will be posted at the end.");
        }
    }

    @Override
    public void complete(RunContext context, Outcome outcome) {
        try {
            if (outcome.skipped() || context.dryRun()) {
                return;
            }
            SlackSettings settings = context.state().get(SETTINGS);
            if (settings == null) {
                settings = readSettingsLate(context, outcome);
            }
            if (settings == null || !settings.enabled() || !settings.notifyOn().wants(outcome)) {
                return;
            }
            // A cancelled run has little time before the runner kills the container: say it once, without retries.
            RetryPolicy policy = context.cancellation().isCancelled() ? RetryPolicy.ONCE : retryPolicy;
            DeploymentFacts facts = DeploymentFacts.from(context, outcome);
            SlackSettings slack = settings;
            try (SlackSender sender = new SlackSender(slack.apiUrl(), policy)) {
                // Each channel on its own: trouble with one must not silence the other.
                if (slack.botToken() != null) {
                    guarded(context, () -> postOrUpdate(context, slack, sender, facts));
                }
                if (slack.webhookUrl() != null) {
                    guarded(context, () -> sendWebhook(context, slack, sender, facts));
                }
            }
        } catch (RuntimeException e) {
            context.log().warning("Slack: not notified: " + describe(e));
        }
    }

    private static void guarded(RunContext context, Runnable delivery) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            context.log().warning("Slack: not notified: " + describe(e));
        }
    }

    /** A bug here must still say what it was: some runtime exceptions carry no message. */
    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /**
     * An earlier step failed before this one planned; the run should still be reported. Bad Slack input is then a
     * warning, unless it is the very failure being reported (its error is already shown).
     */
    private SlackSettings readSettingsLate(RunContext context, Outcome outcome) {
        try {
            return SlackSettings.from(context.inputs(), context.env());
        } catch (BadInputException e) {
            if (!name().equals(outcome.failedStep())) {
                context.log().warning("Slack: not notified, because of the Slack inputs: " + e.getMessage());
            }
            return null;
        }
    }

    private static void postOrUpdate(RunContext context, SlackSettings settings, SlackSender sender,
                                     DeploymentFacts facts) {
        SlackMessage message = DeploymentMessages.finished(facts, settings.mention());
        SlackSender.Posted posted = context.state().get(POSTED);
        try {
            if (posted != null) {
                try {
                    sender.update(settings.botToken(), posted, message);
                    context.log().info("Slack: updated the message in " + settings.channel() + " with the result.");
                    return;
                } catch (SlackDeliveryException e) {
                    if (e.slackError() == null || !MESSAGE_GONE.contains(e.slackError())) {
                        throw e;
                    }
                    context.log().info("Slack: " + e.getMessage() + "; posting the result as a new message.");
                }
            }
            posted = sender.postMessage(settings.botToken(), settings.channel(), message);
            context.state().put(POSTED, posted);
            context.outputs().set(ActionOutput.SLACK_MESSAGE_TS, posted.ts());
            context.log().info("Slack: posted the result in " + settings.channel() + ".");
        } catch (SlackDeliveryException e) {
            context.log().warning("Slack: the result was not posted: " + e.getMessage() + ".");
        }
    }

    private static void sendWebhook(RunContext context, SlackSettings settings, SlackSender sender,
                                    DeploymentFacts facts) {
        SlackSender.Posted posted = context.state().get(POSTED);
        String json = settings.template() != null
                ? settings.template().render(TemplateValues.of(facts, posted == null ? null : posted.ts()))
                : SlackSender.webhookJson(DeploymentMessages.finished(facts, settings.mention()));
        try {
            // The facts are masked already; masking the whole payload as well costs nothing.
            sender.webhook(settings.webhookUrl(), context.log().masker().mask(json));
            context.log().info("Slack: sent the result to the webhook.");
        } catch (SlackDeliveryException e) {
            context.log().warning("Slack: the result was not sent: " + e.getMessage() + ".");
        }
    }
}
