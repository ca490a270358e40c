package dev.ecsdeploy.image.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * The Engine API's build stream ({@code POST /build?version=2}: JSON messages, BuildKit's progress as base64
 * protobuf in {@code moby.buildkit.trace} aux messages) rendered as the text {@code docker build --progress=plain}
 * prints, line by line, so the log reads the same and {@code BuildFailure} and {@code CacheImportLog} parse it.
 * SEAM (to be written on branch render): signatures fixed, bodies not yet.
 */
public final class BuildProgress {
    private final Consumer<String> lines;

    public BuildProgress(Consumer<String> lines) {
        this.lines = lines;
    }

    /** One message of the stream, parsed. */
    public void accept(JsonNode message) {
        throw new UnsupportedOperationException("branch render");
    }

    /** Ends the stream: flushes what is pending (e.g. a vertex that never completed). */
    public void finish() {
        throw new UnsupportedOperationException("branch render");
    }

    /** The built image's id ({@code moby.image.id}), or null when the stream named none. */
    public String imageId() {
        throw new UnsupportedOperationException("branch render");
    }

    /** The stream's error ({@code errorDetail.message}), or null when it reported none. */
    public String error() {
        throw new UnsupportedOperationException("branch render");
    }
}
