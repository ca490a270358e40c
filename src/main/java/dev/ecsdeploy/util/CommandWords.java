package dev.ecsdeploy.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container command as ECS takes it (a list of words): a JSON array for words with spaces in them, or
 * plain words separated by white space. No shell quoting rules: they would differ from what a user's shell does.
 */
public final class CommandWords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandWords() {
    }

    /** The words, or why the text is not a command. */
    public static Parsed parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return Parsed.problem("it is empty");
        }
        if (trimmed.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n')) {
            return Parsed.problem("it contains a control character");
        }
        if (trimmed.startsWith("[")) {
            JsonNode array;
            try {
                array = JSON.readTree(trimmed);
            } catch (JsonProcessingException e) {
                return Parsed.problem("it starts with [ but is not a JSON array of strings (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
            }
            List<String> words = new ArrayList<>();
            for (JsonNode word : array) {
                if (!word.isTextual()) {
                    return Parsed.problem("every element of the JSON array must be a string");
                }
                words.add(word.asText());
            }
            return words.isEmpty() ? Parsed.problem("the JSON array is empty") : Parsed.of(words);
        }
        return Parsed.of(List.of(trimmed.split("\\s+")));
    }

    public record Parsed(List<String> words, String problem) {
        static Parsed of(List<String> words) {
            return new Parsed(List.copyOf(words), null);
        }

        static Parsed problem(String problem) {
            return new Parsed(List.of(), problem);
        }

        public Optional<String> problemText() {
            return Optional.ofNullable(problem);
        }
    }
}
