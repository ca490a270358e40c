package dev.ecsdeploy.image.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The engine's streaming answers (build, push, pull): JSON objects one after another, usually one a line. Each is
 * handed on as soon as it is complete, so progress reaches the log while the build runs.
 */
public final class JsonMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonMessages() {
    }

    /** Reads messages until the stream ends; returns how many. */
    public static int forEach(InputStream in, Consumer<JsonNode> onMessage) throws IOException {
        int count = 0;
        // A reader, not the stream: Jackson's encoding detection waits for 4 bytes, which would hold back a short
        // message until the next one arrived.
        try (MappingIterator<JsonNode> messages = JSON.readerFor(JsonNode.class).readValues(
                new InputStreamReader(in, StandardCharsets.UTF_8))) {
            while (messages.hasNextValue()) {
                onMessage.accept(messages.nextValue());
                count++;
            }
        } catch (com.fasterxml.jackson.databind.RuntimeJsonMappingException e) {
            throw new IOException("the engine sent a message that is not JSON: " + e.getMessage(), e);
        }
        return count;
    }

    /** The {@code message} of an engine error body ({@code {"message":"..."}}), or the text as it is. */
    public static String errorMessage(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText().strip();
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: say what was sent
        }
        return body.strip();
    }

    static ObjectMapper json() {
        return JSON;
    }
}
