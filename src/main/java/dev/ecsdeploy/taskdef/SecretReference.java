package dev.ecsdeploy.taskdef;

import java.util.Optional;

/**
 * A container secret's {@code valueFrom}, understood as ECS understands it: a Secrets Manager ARN, optionally with
 * {@code :json-key:version-stage:version-id}, or an SSM parameter (ARN or name).
 *
 * @param secretId     the secret's ARN without the suffixes (Secrets Manager), or the parameter (SSM)
 * @param jsonKey      the JSON key, or null for the whole secret
 * @param versionStage the staging label, or null
 * @param versionId    the version id, or null
 */
public record SecretReference(Kind kind, String secretId, String jsonKey, String versionStage, String versionId) {
    public enum Kind { SECRETS_MANAGER, SSM_PARAMETER }

    private static final int SECRET_NAME_PART = 6;

    public static SecretReference parse(String valueFrom) {
        String[] parts = valueFrom.split(":", -1);
        boolean secretsManager = parts.length > SECRET_NAME_PART && parts[0].equals("arn")
                && parts[2].equals("secretsmanager") && parts[5].equals("secret");
        if (!secretsManager) {
            return new SecretReference(Kind.SSM_PARAMETER, valueFrom, null, null, null);
        }
        String secretId = String.join(":", java.util.Arrays.copyOfRange(parts, 0, SECRET_NAME_PART + 1));
        return new SecretReference(Kind.SECRETS_MANAGER, secretId, part(parts, 7), part(parts, 8), part(parts, 9));
    }

    /** {@code <arn>:KEY::}, the reference secrets-from writes for each JSON key, as in the source documents. */
    public static String forJsonKey(String secretArn, String key) {
        return secretArn + ":" + key + "::";
    }

    public Optional<String> jsonKeyIfAny() {
        return Optional.ofNullable(jsonKey);
    }

    private static String part(String[] parts, int index) {
        return index < parts.length && !parts[index].isEmpty() ? parts[index] : null;
    }
}
