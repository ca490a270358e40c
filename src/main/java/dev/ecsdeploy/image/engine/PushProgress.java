package dev.ecsdeploy.image.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Engine API's push stream ({@code POST /images/{name}/push}: JSON messages) rendered as the lines
 * {@code docker push} prints ({@code 5f70bf18a086: Pushed}, {@code v1.4.2: digest: sha256:... size: 528}), so the log
 * reads the same and {@code PushResults} parses it.
 *
 * <p>As the CLI prints to a log that is not a terminal: a message carrying progress (a byte count) is not shown, a
 * layer's line {@code <id>: <status>} is shown when its status changes, a message without a layer id is its status,
 * {@code aux} messages (the digest again, as data) are not shown, and the error ends the output.
 */
public final class PushProgress {
    private final Consumer<String> lines;
    private final Map<String, String> layerStatus = new HashMap<>();
    private String error;

    public PushProgress(Consumer<String> lines) {
        this.lines = lines;
    }

    /** One message of the stream, parsed. */
    public void accept(JsonNode message) {
        if (message.hasNonNull("errorDetail") || message.hasNonNull("error")) {
            String detail = message.path("errorDetail").path("message").asText("");
            error = detail.isEmpty() ? message.path("error").asText("") : detail;
            emit(error);
            return;
        }
        if (message.hasNonNull("aux") || hasProgress(message.path("progressDetail"))) {
            return;
        }
        String status = message.path("status").asText("");
        String id = message.path("id").asText("");
        if (id.isEmpty()) {
            if (!status.isEmpty()) {
                emit(status);
            }
            return;
        }
        if (!status.equals(layerStatus.put(id, status))) {
            emit(id + ": " + status);
        }
    }

    /** The stream's error ({@code errorDetail.message}), or null when it reported none. */
    public String error() {
        return error;
    }

    /** What the CLI's non-terminal output leaves out: a message whose progress has a current or total byte count. */
    private static boolean hasProgress(JsonNode progressDetail) {
        return progressDetail.path("current").asLong(0) > 0 || progressDetail.path("total").asLong(0) > 0;
    }

    private void emit(String text) {
        for (String line : text.split("\n", -1)) {
            lines.accept(line);
        }
    }
}
