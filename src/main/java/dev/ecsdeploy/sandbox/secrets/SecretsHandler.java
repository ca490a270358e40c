package dev.ecsdeploy.sandbox.secrets;

import static dev.ecsdeploy.sandbox.core.ServedOperation.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.ServedOperation;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;

/** Secrets Manager: DescribeSecret, GetSecretValue, ListSecrets. */
public final class SecretsHandler implements ServiceHandler {
    private final SecretStore store;

    public SecretsHandler(SecretStore store) {
        this.store = store;
    }

    /** Every operation Secrets Manager serves here, with the SDK builder that types its request (RequestValidator). */
    private final Map<String, ServedOperation> operations = ServedOperation.table(
            typed("DescribeSecret", DescribeSecretRequest::builder, input -> describe(find(input))),
            typed("GetSecretValue", GetSecretValueRequest::builder, input -> value(find(input), input)),
            typed("ListSecrets", ListSecretsRequest::builder, input -> listSecrets()));

    @Override
    public Map<String, ServedOperation> operations() {
        return operations;
    }

    private JsonNode listSecrets() {
        ObjectNode out = Wire.object();
        var list = out.putArray("SecretList");
        store.all().forEach(secret -> list.add(describe(secret)));
        return out;
    }

    private SecretStore.Secret find(JsonNode input) {
        return store.find(Wire.text(input, "SecretId")).orElseThrow(() -> AwsError.client(
                "ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
    }

    private static ObjectNode describe(SecretStore.Secret secret) {
        ObjectNode out = Wire.object();
        out.put("ARN", secret.arn());
        out.put("Name", secret.name());
        Wire.putTime(out, "LastChangedDate", secret.createdAt());
        Wire.putTime(out, "LastAccessedDate", secret.createdAt());
        Wire.putTime(out, "CreatedDate", secret.createdAt());
        out.putObject("VersionIdsToStages").set(secret.versionId(), Wire.array().add("AWSCURRENT"));
        return out;
    }

    private static ObjectNode value(SecretStore.Secret secret, JsonNode input) {
        String versionId = Wire.text(input, "VersionId");
        String stage = Wire.text(input, "VersionStage");
        if (versionId != null && !versionId.equals(secret.versionId())
                || stage != null && !"AWSCURRENT".equals(stage)) {
            throw AwsError.client("ResourceNotFoundException", "Secrets Manager can't find the specified secret"
                    + " value for " + (versionId != null ? "VersionId: " + versionId : "staging label: " + stage));
        }
        ObjectNode out = Wire.object();
        out.put("ARN", secret.arn());
        out.put("Name", secret.name());
        out.put("VersionId", secret.versionId());
        out.put("SecretString", secret.value());
        out.set("VersionStages", Wire.array().add("AWSCURRENT"));
        Wire.putTime(out, "CreatedDate", secret.createdAt());
        return out;
    }
}
