package dev.ecsdeploy.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.SlackFailure;
import dev.ecsdeploy.sandbox.core.Wire;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slack as the action meets it: an incoming webhook ({@code POST /slack/webhook/...} answers {@code ok}) and the Web
 * API's chat.postMessage / chat.update (form or JSON body, bearer token; a stable {@code ts} per message). A
 * configured {@link SlackFailure} makes the next calls fail with 500 or 429 + Retry-After. Thread-safe.
 */
public final class SlackEndpoints {
    /** What to answer: HTTP status, content type, body, and Retry-After seconds (0: none). */
    public record Answer(int status, String contentType, String body, int retryAfter, JsonNode payload,
                         String operation, String errorCode) {
    }

    private final Map<String, ObjectNode> messages = new LinkedHashMap<>();
    private SlackFailure failure;
    private int failuresLeft;
    private long sequence;

    public SlackEndpoints(SlackFailure failure) {
        setFailure(failure);
    }

    public synchronized void setFailure(SlackFailure failure) {
        this.failure = failure == null || failure.status() == 0 ? null : failure;
        this.failuresLeft = failure == null ? 0 : failure.count();
    }

    public synchronized Answer handle(String path, String contentType, String authorization, byte[] body) {
        String operation = path.startsWith("/slack/webhook") ? "webhook"
                : path.substring(path.lastIndexOf('/') + 1);
        JsonNode payload = parse(contentType, body);
        if (failure != null && failuresLeft != 0) {
            if (failuresLeft > 0) {
                failuresLeft--;
            }
            boolean rateLimited = failure.status() == 429;
            String error = rateLimited ? "ratelimited" : "internal_error";
            String text = operation.equals("webhook") ? error : "{\"ok\":false,\"error\":\"" + error + "\"}";
            return new Answer(failure.status(), operation.equals("webhook") ? "text/html" : "application/json", text,
                    rateLimited ? Math.max(1, failure.retryAfterSeconds()) : 0, payload, operation, error);
        }
        if (operation.equals("webhook")) {
            if (payload == null || !payload.isObject()) {
                return new Answer(400, "text/html", "invalid_payload", 0, payload, operation, "invalid_payload");
            }
            if (!payload.has("text") && !payload.has("blocks") && !payload.has("attachments")) {
                return new Answer(400, "text/html", "no_text", 0, payload, operation, "no_text");
            }
            return new Answer(200, "text/html", "ok", 0, payload, operation, null);
        }
        ObjectNode answer = Wire.object();
        String error = check(operation, authorization, payload);
        if (error != null) {
            answer.put("ok", false).put("error", error);
            return new Answer(200, "application/json", answer.toString(), 0, payload, operation, error);
        }
        String channel = channelId(payload.path("channel").asText());
        if (operation.equals("chat.postMessage")) {
            String ts = nextTs();
            ObjectNode message = message(payload, ts);
            messages.put(ts, message);
            answer.put("ok", true).put("channel", channel).put("ts", ts).set("message", message);
        } else {
            String ts = payload.path("ts").asText();
            ObjectNode message = messages.get(ts);
            if (message == null) {
                answer.put("ok", false).put("error", "message_not_found");
                return new Answer(200, "application/json", answer.toString(), 0, payload, operation,
                        "message_not_found");
            }
            ObjectNode updated = message(payload, ts);
            messages.put(ts, updated);
            answer.put("ok", true).put("channel", channel).put("ts", ts).put("text", updated.path("text").asText())
                    .set("message", updated);
        }
        return new Answer(200, "application/json", answer.toString(), 0, payload, operation, null);
    }

    private static String check(String operation, String authorization, JsonNode payload) {
        if (!operation.equals("chat.postMessage") && !operation.equals("chat.update")) {
            return "unknown_method";
        }
        boolean bearer = authorization != null && authorization.startsWith("Bearer ")
                && authorization.length() > "Bearer ".length();
        if (!bearer && (payload == null || !payload.hasNonNull("token"))) {
            return "not_authed";
        }
        if (payload == null || payload.path("channel").asText().isBlank()) {
            return "channel_not_found";
        }
        if (operation.equals("chat.update") && payload.path("ts").asText().isBlank()) {
            return "message_not_found";
        }
        if (!payload.has("text") && !payload.has("blocks") && !payload.has("attachments")) {
            return "no_text";
        }
        return null;
    }

    private String nextTs() {
        long seconds = Instant.now().getEpochSecond();
        return seconds + "." + String.format("%06d", ++sequence);
    }

    private static ObjectNode message(JsonNode payload, String ts) {
        ObjectNode message = Wire.object();
        message.put("type", "message");
        message.put("ts", ts);
        message.put("text", payload.path("text").asText(""));
        if (payload.has("blocks")) {
            message.set("blocks", payload.get("blocks"));
        }
        return message;
    }

    /** Channel names become stable IDs, as Slack answers with the channel's ID. */
    static String channelId(String channel) {
        if (channel.matches("[CDG][A-Z0-9]{8,}")) {
            return channel;
        }
        String name = channel.startsWith("#") ? channel.substring(1) : channel;
        return "C" + String.format("%010X", name.toLowerCase(Locale.ROOT).hashCode() & 0xffffffffL);
    }

    /** JSON, or a form whose {@code blocks}/{@code attachments} fields hold JSON; the token is never kept. */
    private static JsonNode parse(String contentType, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            if (contentType != null && contentType.contains("x-www-form-urlencoded")) {
                ObjectNode form = Wire.object();
                for (String pair : text.split("&")) {
                    int eq = pair.indexOf('=');
                    if (pair.isEmpty() || eq < 0) {
                        continue;
                    }
                    String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    if ((key.equals("blocks") || key.equals("attachments")) && value.startsWith("[")) {
                        form.set(key, Wire.JSON.readTree(value));
                    } else if (key.equals("token")) {
                        form.put(key, "(redacted)");
                    } else {
                        form.put(key, value);
                    }
                }
                return form;
            }
            JsonNode json = Wire.JSON.readTree(text);
            if (json != null && json.isObject() && json.has("token")) {
                ((ObjectNode) json).put("token", "(redacted)");
            }
            return json;
        } catch (Exception e) {
            return null;
        }
    }

    public synchronized JsonNode state() {
        ObjectNode state = Wire.object();
        var list = state.putArray("messages");
        messages.values().forEach(list::add);
        state.put("failure", failure == null ? null : failure.status() + " x" + failuresLeft);
        return state;
    }
}
