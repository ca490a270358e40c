package dev.ecsdeploy.sandbox.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Secrets Manager's secrets, and how a task's {@code valueFrom} resolves against them. Guarded by the world lock. */
public final class SecretStore {
    /** One secret with its single AWSCURRENT version. */
    public record Secret(String name, String arn, String value, String versionId, Instant createdAt) {
    }

    private final List<Secret> secrets = new ArrayList<>();
    private final String arnPrefix;

    public SecretStore(String region, String account) {
        this.arnPrefix = "arn:aws:secretsmanager:" + region + ":" + account + ":secret:";
    }

    public void add(Secret secret) {
        secrets.add(secret);
    }

    public String arnPrefix() {
        return arnPrefix;
    }

    public List<Secret> all() {
        return List.copyOf(secrets);
    }

    /** By name, full ARN, or partial ARN (without the 6-character suffix), as SecretId accepts them. */
    public Optional<Secret> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return secrets.stream().filter(s -> s.name().equals(id) || s.arn().equals(id)
                || (arnPrefix + s.name()).equals(id)).findFirst();
    }

    /**
     * What goes wrong when a task fetches this Secrets Manager {@code valueFrom} at start, worded as the ECS agent
     * words it, or empty when it resolves. References may name a JSON key ({@code arn:...:secret:NAME:KEY::}).
     */
    public Optional<String> problemWith(String valueFrom) {
        String rest = valueFrom.substring(valueFrom.indexOf(":secret:") + ":secret:".length());
        String[] parts = rest.split(":", -1);
        String secretArn = arnPrefix + parts[0];
        Optional<Secret> secret = find(secretArn);
        if (secret.isEmpty()) {
            return Optional.of("unable to retrieve secret from asm: service call has been retried 1 time(s): "
                    + "failed to fetch secret " + secretArn + " from secrets manager: ResourceNotFoundException: "
                    + "Secrets Manager can't find the specified secret.");
        }
        String key = parts.length > 1 ? parts[1] : "";
        if (!key.isEmpty() && !jsonHasKey(secret.get().value(), key)) {
            return Optional.of("unable to retrieve secret from asm: service call has been retried 1 time(s): "
                    + "retrieved secret from Secrets Manager did not contain json key " + key);
        }
        return Optional.empty();
    }

    private static boolean jsonHasKey(String value, String key) {
        try {
            JsonNode json = Wire.JSON.readTree(value);
            return json != null && json.isObject() && json.has(key);
        } catch (Exception e) {
            return false;
        }
    }
}
