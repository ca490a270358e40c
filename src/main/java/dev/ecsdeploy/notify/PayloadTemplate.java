package dev.ecsdeploy.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.util.SourceDocument;
import dev.ecsdeploy.util.Suggestions;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code slack-payload} template: JSON with {@code ${name}} placeholders inside its strings, e.g.
 * {@code {"actor": "${actor}", "status": "${deployment-status}"}}. Each value is JSON-escaped as it goes in, so no
 * value (a failure reason with quotes, a newline) can break the JSON. {@link #parse} checks the template up front:
 * every placeholder must be known and the result must be a JSON object, whatever the values.
 */
public final class PayloadTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // A value that must stay inside a JSON string: were a placeholder outside quotes, this would not parse.
    private static final String PROBE = "probe \"value\"\n";

    private final String template;
    private final String source;

    private PayloadTemplate(String template, String source) {
        this.template = template;
        this.source = source;
    }

    /**
     * @param template the template text
     * @param source   where it came from, for messages ("inline" or the file name)
     * @param names    the names a placeholder may use
     */
    public static PayloadTemplate parse(String template, String source, Set<String> names) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            String name = matcher.group(1).trim();
            if (!names.contains(name)) {
                throw bad(source, "unknown placeholder ${" + matcher.group(1) + "}."
                        + Suggestions.didYouMean(name, names) + " Available: " + String.join(", ", names) + ".");
            }
        }
        PayloadTemplate parsed = new PayloadTemplate(template, source);
        String probe = parsed.substitute(name -> PROBE);
        JsonNode node;
        try {
            node = JSON.readTree(probe);
        } catch (JsonProcessingException e) {
            throw bad(source, "not valid JSON once the placeholders are filled in: "
                    + SourceDocument.withoutContent(e.getOriginalMessage())
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + "). Put each placeholder inside a JSON string, e.g. \"actor\": \"${actor}\".");
        }
        if (node == null || !node.isObject()) {
            throw bad(source, "must be a JSON object ({ ... }), as Slack webhooks expect.");
        }
        return parsed;
    }

    /** The payload with every placeholder replaced by its (JSON-escaped) value; a missing value is empty. */
    public String render(Map<String, String> values) {
        return substitute(name -> values.getOrDefault(name, ""));
    }

    public String source() {
        return source;
    }

    private String substitute(java.util.function.Function<String, String> valueOf) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = valueOf.apply(matcher.group(1).trim());
            String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(value == null ? "" : value));
            matcher.appendReplacement(out, Matcher.quoteReplacement(escaped));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static BadInputException bad(String source, String problem) {
        return new BadInputException(Input.SLACK_PAYLOAD.inputName(), "Input slack-payload"
                + (source.equals("inline") ? "" : " (" + source + ")") + ": " + problem);
    }
}
