package dev.ecsdeploy.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.Wire;
import dev.ecsdeploy.util.SdkJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Validates a request as the service does before acting: member types through the AWS SDK's own model classes
 * ({@link SdkJson}, the same schema the action reads task definitions with), then required members and enum values
 * from {@code sandbox/validation.json} (generated from the service models by {@code scripts/generate-sandbox-validation},
 * because the SDK's classes do not record which members are required).
 */
final class RequestValidator {
    private static final JsonNode RULES = load();

    private RequestValidator() {
    }

    private static JsonNode load() {
        try (InputStream in = RequestValidator.class.getResourceAsStream("/sandbox/validation.json")) {
            return Wire.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param service   the key in validation.json (ecs, ecr, codedeploy, secretsmanager, logs, ssm)
     * @param request   the SDK builder of the operation's request, whose model types the input
     * @param errorCode what the service calls a validation failure
     */
    static void validate(String service, Supplier<? extends SdkPojo> request, String errorCode, String operation,
                         JsonNode input) {
        List<SdkJson.Problem> problems = new ArrayList<>();
        SdkJson.read(input, request.get(), "", List.of(), problems);
        for (SdkJson.Problem problem : problems) {
            if (problem.error()) {
                throw AwsError.client("SerializationException", problem.message());
            }
        }
        List<String> errors = new ArrayList<>();
        check(RULES.path(service).path(operation), input, "", errors);
        if (!errors.isEmpty()) {
            throw AwsError.client(errorCode, errors.size() + " validation error" + (errors.size() > 1 ? "s" : "")
                    + " detected: " + String.join("; ", errors));
        }
    }

    private static void check(JsonNode rules, JsonNode value, String path, List<String> errors) {
        if (rules.isMissingNode() || value == null || value.isNull()) {
            return;
        }
        if (rules.has("items") && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(rules.get("items"), value.get(i), path + "." + (i + 1), errors);
            }
            return;
        }
        if (rules.has("values") && value.isObject()) {
            value.properties().forEach(e -> check(rules.get("values"), e.getValue(), path + "." + e.getKey(),
                    errors));
            return;
        }
        if (!value.isObject()) {
            return;
        }
        for (JsonNode required : rules.path("required")) {
            JsonNode member = value.get(required.asText());
            if (member == null || member.isNull()) {
                errors.add("Value null at '" + join(path, required.asText()) + "' failed to satisfy constraint:"
                        + " Member must not be null");
            }
        }
        rules.path("enum").properties().forEach(e -> {
            JsonNode member = value.get(e.getKey());
            List<String> allowed = new ArrayList<>();
            e.getValue().forEach(v -> allowed.add(v.asText()));
            List<JsonNode> values = new ArrayList<>();
            if (member != null && member.isArray()) {
                member.forEach(values::add);
            } else if (member != null && !member.isNull()) {
                values.add(member);
            }
            for (JsonNode item : values) {
                if (!allowed.contains(item.asText())) {
                    errors.add("Value '" + item.asText() + "' at '" + join(path, e.getKey()) + "' failed to satisfy"
                            + " constraint: Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
                }
            }
        });
        rules.path("members").properties().forEach(e -> check(e.getValue(), value.get(e.getKey()),
                join(path, e.getKey()), errors));
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path.substring(path.startsWith(".") ? 1 : 0) + "." + member;
    }
}
