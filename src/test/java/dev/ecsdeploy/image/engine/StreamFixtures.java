package dev.ecsdeploy.image.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The captured Engine API streams under src/test/resources/engine-streams (see the README there). */
final class StreamFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamFixtures() {
    }

    /** The stream's messages, one JSON object a line, as the engine sent them. */
    static List<JsonNode> messages(String name) {
        List<JsonNode> messages = new ArrayList<>();
        for (String line : text(name + ".jsonl").lines().toList()) {
            if (!line.isBlank()) {
                try {
                    messages.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return messages;
    }

    /** What the Docker CLI printed for the same operation. */
    static List<String> cli(String name) {
        return text(name + ".cli.txt").lines().toList();
    }

    static String text(String resource) {
        try (InputStream in = StreamFixtures.class.getResourceAsStream("/engine-streams/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture engine-streams/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> renderBuild(String name) {
        List<String> lines = new ArrayList<>();
        BuildProgress progress = new BuildProgress(lines::add);
        messages("build/" + name).forEach(progress::accept);
        progress.finish();
        return lines;
    }
}
