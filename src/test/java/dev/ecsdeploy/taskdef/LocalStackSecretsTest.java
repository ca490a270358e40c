package dev.ecsdeploy.taskdef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.Masker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secret verification against a second, independent Secrets Manager implementation: LocalStack (its free edition
 * has Secrets Manager, not ECS). Runs where the LocalStack image can be pulled (GitHub's runners: release.yml sets
 * ECS_DEPLOY_LOCALSTACK=1); skipped, saying why, elsewhere.
 */
class LocalStackSecretsTest {
    private static final DockerImageName LOCALSTACK = DockerImageName.parse("localstack/localstack:3.8");

    @Test
    void aKeyTheSecretHasPassesAndAMissingKeyIsNamed() {
        // Testcontainers itself pulls images (its Ryuk reaper, LocalStack) and waits minutes before giving up where
        // nothing can be pulled, so the test runs only where that is known to work.
        Assumptions.assumeTrue("1".equals(System.getenv("ECS_DEPLOY_LOCALSTACK")), "LocalStack needs image pulls; "
                + "set ECS_DEPLOY_LOCALSTACK=1 where Docker can pull (release.yml does)");
        try (LocalStackContainer localstack = new LocalStackContainer(LOCALSTACK).withServices(Service.SECRETSMANAGER)) {
            localstack.start();
            try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                    .endpointOverride(localstack.getEndpoint()).region(Region.of(localstack.getRegion()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            localstack.getAccessKey(), localstack.getSecretKey())))
                    .build()) {
                String arn = secrets.createSecret(request -> request.name("demo/web")
                        .secretString("{\"API_URL\":\"https://api.example.test\",\"API_KEY\":\"localstack-secret\"}"))
                        .arn();
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                ActionLog actionLog = new ActionLog(new PrintStream(log, true, StandardCharsets.UTF_8), new Masker(),
                        true, false);
                List<SecretsVerifier.Check> checks = new SecretsVerifier(secrets, actionLog).verify(
                        RegisterTaskDefinitionRequest.builder().family("web").containerDefinitions(
                                ContainerDefinition.builder().name("app").secrets(
                                        Secret.builder().name("API_KEY").valueFrom(arn + ":API_KEY::").build(),
                                        Secret.builder().name("DB_PASSWORD").valueFrom(arn + ":DB_PASSWORD::").build())
                                        .build()).build());

                assertEquals(2, checks.size());
                assertNull(checks.get(0).problem(), checks.toString());
                assertTrue(checks.get(1).problem().contains("no JSON key DB_PASSWORD"), checks.get(1).problem());
                assertTrue(!log.toString(StandardCharsets.UTF_8).contains("localstack-secret"));
            }
        }
    }
}
