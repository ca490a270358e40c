package dev.ecsdeploy.image.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * The Engine API's push stream ({@code POST /images/{name}/push}: JSON messages) rendered as the lines
 * {@code docker push} prints ({@code 5f70bf18a086: Pushed}, {@code v1.4.2: digest: sha256:... size: 528}), so the log
 * reads the same and {@code PushResults} parses it.
 * SEAM (to be written on branch render): signatures fixed, bodies not yet.
 */
public final class PushProgress {
    private final Consumer<String> lines;

    public PushProgress(Consumer<String> lines) {
        this.lines = lines;
    }

    /** One message of the stream, parsed. */
    public void accept(JsonNode message) {
        throw new UnsupportedOperationException("branch render");
    }

    /** The stream's error ({@code errorDetail.message}), or null when it reported none. */
    public String error() {
        throw new UnsupportedOperationException("branch render");
    }
}
