package dev.ecsdeploy.notify;

import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.Payload;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Delivers messages through the Slack client (incoming webhooks and the Web API), retrying what Slack says to retry
 * under a {@link RetryPolicy}. Every failure becomes a {@link SlackDeliveryException} whose message names no URL and
 * no token, so the caller can log it as it is.
 */
public final class SlackSender implements AutoCloseable {
    public static final String DEFAULT_API_URL = "https://slack.com/api/";

    /** How the sender waits between attempts; tests may skip the wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Where a posted message lives, for chat.update. */
    public record Posted(String channel, String ts) {
    }

    private final Slack slack;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private static final Gson GSON = GsonFactory.createSnakeCase();

    public SlackSender(String apiUrl, RetryPolicy policy) {
        this(apiUrl, policy, duration -> Thread.sleep(duration.toMillis()), System::nanoTime);
    }

    SlackSender(String apiUrl, RetryPolicy policy, Sleeper sleeper, LongSupplier nanoTime) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        // A short-lived CLI: no metrics threads, no auth.test look-ups, and no call that can hang the verdict.
        config.setStatsEnabled(false);
        config.setHttpClientCallTimeoutMillis(5_000);
        config.setHttpClientReadTimeoutMillis(5_000);
        config.setHttpClientWriteTimeoutMillis(5_000);
        this.slack = Slack.getInstance(config);
        this.policy = policy;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
    }

    /** The JSON an incoming webhook receives for a Block Kit message. */
    public static String webhookJson(SlackMessage message) {
        return GSON.toJson(Payload.builder().text(message.text()).blocks(message.blocks()).build());
    }

    /** POSTs a JSON body to an incoming webhook (which answers 200 {@code ok}, and nothing to update later). */
    public void webhook(String url, String json) throws SlackDeliveryException {
        long start = nanoTime.getAsLong();
        for (int attempt = 1; ; attempt++) {
            Integer status = null;
            String retryAfter = null;
            String problem;
            try {
                WebhookResponse response = slack.send(url, json);
                status = response.getCode();
                if (status != null && status >= 200 && status < 300) {
                    return;
                }
                retryAfter = header(response.getHeaders(), "Retry-After");
                problem = "HTTP " + status + bodyHint(response.getBody());
            } catch (IOException e) {
                problem = "no answer (" + e.getClass().getSimpleName() + ")";
            }
            waitOrGiveUp("The Slack webhook", attempt, status, retryAfter, start, problem);
        }
    }

    public Posted postMessage(String token, String channel, SlackMessage message) throws SlackDeliveryException {
        ChatPostMessageResponse response = call("chat.postMessage", () -> slack.methods(token).chatPostMessage(r -> r
                .channel(channel).text(message.text()).blocks(message.blocks()).unfurlLinks(false)
                .unfurlMedia(false)));
        return new Posted(response.getChannel(), response.getTs());
    }

    public void update(String token, Posted posted, SlackMessage message) throws SlackDeliveryException {
        call("chat.update", () -> slack.methods(token).chatUpdate(r -> r
                .channel(posted.channel()).ts(posted.ts()).text(message.text()).blocks(message.blocks())));
    }

    @FunctionalInterface
    private interface ApiCall<T extends SlackApiTextResponse> {
        T call() throws IOException, SlackApiException;
    }

    private <T extends SlackApiTextResponse> T call(String method, ApiCall<T> call) throws SlackDeliveryException {
        long start = nanoTime.getAsLong();
        for (int attempt = 1; ; attempt++) {
            Integer status = null;
            String retryAfter = null;
            String problem;
            try {
                T response = call.call();
                if (response.isOk()) {
                    return response;
                }
                // The Web API reports its own errors with HTTP 200; only "ratelimited" is worth another try.
                if (!"ratelimited".equals(response.getError())) {
                    throw new SlackDeliveryException("Slack " + method + " said " + response.getError()
                            + hint(response.getError()), response.getError());
                }
                status = 429;
                problem = "ratelimited";
            } catch (SlackApiException e) {
                status = e.getResponse().code();
                retryAfter = e.getResponse().header("Retry-After");
                problem = "HTTP " + status;
            } catch (IOException e) {
                problem = "no answer (" + e.getClass().getSimpleName() + ")";
            } catch (RuntimeException e) {
                // The client could not read the answer as a Web API response (a proxy's page, a wrong SLACK_API_URL).
                throw new SlackDeliveryException("Slack " + method + " answered something that is not a Web API"
                        + " response; check SLACK_API_URL", null);
            }
            waitOrGiveUp("Slack " + method, attempt, status, retryAfter, start, problem);
        }
    }

    private void waitOrGiveUp(String what, int attempt, Integer status, String retryAfter, long start, String problem)
            throws SlackDeliveryException {
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - start);
        Optional<Duration> delay = policy.nextDelay(attempt, status, retryAfter, elapsed);
        if (delay.isEmpty()) {
            throw new SlackDeliveryException(what + " answered " + problem + " (" + attempt
                    + (attempt == 1 ? " attempt" : " attempts") + " in " + seconds(elapsed) + ")", null);
        }
        try {
            sleeper.sleep(delay.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackDeliveryException(what + ": interrupted while waiting to retry", null);
        }
    }

    /** What to do about the Web API errors people actually meet. */
    static String hint(String error) {
        return switch (error == null ? "" : error) {
            case "not_in_channel" -> " (invite the bot to the channel: /invite @your-bot)";
            case "channel_not_found" -> " (check slack-channel; for a private channel invite the bot first)";
            case "invalid_auth", "not_authed", "token_revoked", "account_inactive" ->
                    " (check slack-bot-token: a bot token starting xoxb-)";
            case "missing_scope" -> " (the bot needs the chat:write scope)";
            case "message_not_found", "cant_update_message" -> " (the start message is gone)";
            default -> "";
        };
    }

    private static String bodyHint(String body) {
        if (body == null || body.isBlank() || body.length() > 80 || body.contains("<")) {
            return "";
        }
        return ": " + body.trim();
    }

    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().getFirst();
            }
        }
        return null;
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }

    @Override
    public void close() {
        try {
            slack.close();
        } catch (Exception e) {
            // Nothing to do: the process is about to end.
        }
    }
}
