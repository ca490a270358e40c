package dev.ecsdeploy.taskdef;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretReferenceTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:demo/web-AbCdEf";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            ARN + "                      | SECRETS_MANAGER | " + ARN + " | -       | -          | -",
            ARN + ":API_KEY::            | SECRETS_MANAGER | " + ARN + " | API_KEY | -          | -",
            ARN + ":API_KEY:AWSPREVIOUS: | SECRETS_MANAGER | " + ARN + " | API_KEY | AWSPREVIOUS | -",
            ARN + "::AWSCURRENT:         | SECRETS_MANAGER | " + ARN + " | -       | AWSCURRENT | -",
            ARN + ":K::v-123             | SECRETS_MANAGER | " + ARN + " | K       | -          | v-123",
            "arn:aws:ssm:us-east-1:123456789012:parameter/web/db | SSM_PARAMETER | arn:aws:ssm:us-east-1:123456789012:parameter/web/db | - | - | -",
            "/web/db-password            | SSM_PARAMETER   | /web/db-password | - | -          | -",
    })
    void parsesAsEcsDoes(String valueFrom, SecretReference.Kind kind, String secretId, String key, String stage,
                         String versionId) {
        assertEquals(new SecretReference(kind, secretId, key, stage, versionId), SecretReference.parse(valueFrom));
    }

    @ParameterizedTest
    @CsvSource({"API_URL"})
    void secretsFromWritesTheSourceDocumentsReference(String key) {
        assertEquals(ARN + ":API_URL::", SecretReference.forJsonKey(ARN, key));
        assertEquals(key, SecretReference.parse(SecretReference.forJsonKey(ARN, key)).jsonKey());
    }
}
