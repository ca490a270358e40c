package dev.ecsdeploy.taskdef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionLog;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * {@code secrets-from}: every key of a Secrets Manager secret's JSON becomes a container secret of the same name,
 * {@code KEY = <secret-arn>:KEY::}, as the source documents wire them by hand. Values are masked as they are read and
 * never used: only the key names and the ARN go into the task definition.
 */
final class SecretsFrom {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretsFrom() {
    }

    static Map<String, String> references(SecretsManagerClient secretsManager, String secretId, ActionLog log) {
        GetSecretValueResponse value;
        try {
            value = secretsManager.getSecretValue(r -> r.secretId(secretId));
        } catch (ResourceNotFoundException e) {
            throw new BadInputException(Input.SECRETS_FROM.inputName(), "Input secrets-from: Secrets Manager has no"
                    + " secret \"" + secretId + "\" in this account and region; check the name or ARN.");
        }
        log.mask(value.secretString());
        JsonNode json;
        try {
            json = value.secretString() == null ? null : JSON.readTree(value.secretString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new BadInputException(Input.SECRETS_FROM.inputName(), "Input secrets-from: the secret \"" + secretId
                    + "\" does not hold a JSON object, so it has no keys to turn into secrets.");
        }
        Map<String, String> references = new LinkedHashMap<>();
        json.properties().forEach(entry -> {
            log.mask(entry.getValue().asText());
            references.put(entry.getKey(), SecretReference.forJsonKey(value.arn(), entry.getKey()));
        });
        return references;
    }
}
