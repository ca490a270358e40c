package dev.ecsdeploy.taskdef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.github.ActionLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Checks every Secrets Manager reference of a task definition the way the ECS agent will resolve it at task start:
 * the secret exists and, when a JSON key is named, the secret's JSON has that key. A miss found here costs a clear
 * error before anything is registered; found by ECS it costs a failed deployment and a ResourceInitializationError.
 * Secret values read to look for keys are masked at once and never printed.
 */
public final class SecretsVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient secretsManager;
    private final ActionLog log;
    private final Map<String, Lookup> lookups = new HashMap<>();

    public SecretsVerifier(SecretsManagerClient secretsManager, ActionLog log) {
        this.secretsManager = secretsManager;
        this.log = log;
    }

    /** One checked reference: where it is used, and what is wrong (null when it resolves). */
    public record Check(String container, String name, String valueFrom, SecretReference reference, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** What reading a secret found: its JSON keys (null when not JSON), or why it could not be read. */
    private record Lookup(boolean found, List<String> keys, String problem) {
    }

    public List<Check> verify(RegisterTaskDefinitionRequest definition) {
        List<Check> checks = new ArrayList<>();
        for (ContainerDefinition container : definition.containerDefinitions()) {
            for (Secret secret : container.secrets()) {
                SecretReference reference = SecretReference.parse(secret.valueFrom());
                String problem = reference.kind() == SecretReference.Kind.SECRETS_MANAGER ? problem(reference) : null;
                checks.add(new Check(container.name(), secret.name(), secret.valueFrom(), reference, problem));
            }
        }
        return checks;
    }

    private String problem(SecretReference reference) {
        Lookup lookup = lookups.computeIfAbsent(reference.secretId() + "|" + reference.versionStage() + "|"
                + reference.versionId(), ignored -> read(reference));
        if (!lookup.found()) {
            return lookup.problem();
        }
        if (reference.jsonKey() == null) {
            return null;
        }
        if (lookup.keys() == null) {
            return "the secret is not a JSON object, so it has no key " + reference.jsonKey();
        }
        return lookup.keys().contains(reference.jsonKey()) ? null : "the secret has no JSON key " + reference.jsonKey()
                + " (it has " + (lookup.keys().isEmpty() ? "none" : String.join(", ", lookup.keys())) + ")";
    }

    private Lookup read(SecretReference reference) {
        try {
            GetSecretValueResponse value = secretsManager.getSecretValue(r -> r.secretId(reference.secretId())
                    .versionStage(reference.versionStage()).versionId(reference.versionId()));
            String text = value.secretString();
            log.mask(text);
            if (text == null) {
                return new Lookup(true, null, null);
            }
            try {
                JsonNode json = JSON.readTree(text);
                if (!json.isObject()) {
                    return new Lookup(true, null, null);
                }
                List<String> keys = new ArrayList<>();
                json.properties().forEach(entry -> {
                    keys.add(entry.getKey());
                    log.mask(entry.getValue().asText());
                });
                return new Lookup(true, keys, null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return new Lookup(true, null, null);
            }
        } catch (ResourceNotFoundException e) {
            return new Lookup(false, null, "Secrets Manager has no such secret"
                    + (reference.versionStage() == null && reference.versionId() == null ? "" : " version"));
        }
    }
}
