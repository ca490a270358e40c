package dev.ecsdeploy.sandbox;

import static dev.ecsdeploy.sandbox.SandboxTesting.aws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.ecsdeploy.testing.InvalidTaskDefinitions;
import dev.ecsdeploy.testing.InvalidTaskDefinitions.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox refuses what AWS refuses, seen through the AWS CLI (an independent client): every task definition in
 * {@code test-fixtures/task-definitions/invalid/cases.tsv} with ECS's code and message and nothing registered, an
 * EC2-only revision onto a Fargate service, another account's ECR registry, and SSM Parameter Store.
 */
class SandboxRefusalsCliTest {
    private static final Path INVALID = InvalidTaskDefinitions.DIRECTORY;
    private static Sandbox sandbox;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws IOException {
        SandboxTesting.assumeAwsCli();
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyInvalidTaskDefinitionIsRefusedWithEcsCodeAndMessageAndNothingIsRegistered() throws IOException {
        List<Case> cases = InvalidTaskDefinitions.cases();
        assertTrue(cases.size() >= 25, "the table lists every case: " + cases.size());
        JsonNode before = revisions();
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            SandboxTesting.Cli cli = aws(sandbox, "ecs", "register-task-definition", "--cli-input-json",
                    "file://" + INVALID.resolve(c.file()).toAbsolutePath());
            String expected = "An error occurred (" + c.code() + ") when calling the RegisterTaskDefinition"
                    + " operation: " + c.message();
            if (cli.exit() == 0 || !cli.stderr().contains(expected)) {
                wrong.add(c.file() + ": exit " + cli.exit() + ", wanted «" + expected + "», got «"
                        + cli.stderr().strip() + "»");
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(before, revisions(), "nothing was registered");
    }

    private static JsonNode revisions() {
        return aws(sandbox, "ecs", "list-task-definitions").json().get("taskDefinitionArns");
    }

    /** Registers the Fargate cases' base (one change away from valid) as FAMILY with this task cpu and memory. */
    private SandboxTesting.Cli registerFixtureBase(String family, String cpu, String memory) throws IOException {
        ObjectNode base = (ObjectNode) SandboxTesting.JSON.readTree(INVALID.resolve("fargate-cpu-memory.json")
                .toFile());
        base.put("family", family);
        base.put("cpu", cpu);
        base.put("memory", memory);
        Path file = temp.resolve(family + ".json");
        Files.writeString(file, base.toString());
        return aws(sandbox, "ecs", "register-task-definition", "--cli-input-json", "file://" + file);
    }

    @Test
    void theFixturesBaseRegistersAndAwsvpcHostPortsAreFilledInWithTheContainerPort() throws IOException {
        SandboxTesting.Cli cli = registerFixtureBase("web-valid", "256", "512");
        assertEquals(0, cli.exit(), cli.stderr());
        JsonNode mapping = cli.json().at("/taskDefinition/containerDefinitions/0/portMappings/0");
        assertEquals(8080, mapping.get("containerPort").asInt());
        assertEquals(8080, mapping.path("hostPort").asInt(), mapping.toString());
        assertEquals("[\"EC2\",\"FARGATE\"]", cli.json().at("/taskDefinition/compatibilities").toString());
    }

    @Test
    void vcpuAndGbAreAnsweredAsCpuUnitsAndMibByRegisterAndDescribe() throws IOException {
        SandboxTesting.Cli registered = registerFixtureBase("web-sized", "1 vCPU", "2 GB");
        assertEquals(0, registered.exit(), registered.stderr());
        JsonNode described = aws(sandbox, "ecs", "describe-task-definition", "--task-definition", "web-sized")
                .json();
        for (JsonNode answer : List.of(registered.json(), described)) {
            assertEquals("1024", answer.at("/taskDefinition/cpu").asText(), answer.toString());
            assertEquals("2048", answer.at("/taskDefinition/memory").asText(), answer.toString());
        }
    }

    @Test
    void anEc2OnlyBridgeRevisionCannotGoOntoAFargateService() {
        SandboxTesting.Cli registered = aws(sandbox, "ecs", "register-task-definition", "--cli-input-json",
                "file://" + INVALID.resolve("update-service-ec2-bridge-on-fargate.json").toAbsolutePath());
        assertEquals(0, registered.exit(), "ECS registers it (EC2 can run it): " + registered.stderr());
        String arn = registered.json().at("/taskDefinition/taskDefinitionArn").asText();
        SandboxTesting.Cli update = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web",
                "--task-definition", arn);
        assertNotEquals(0, update.exit());
        assertTrue(update.stderr().contains("An error occurred (InvalidParameterException) when calling the"
                + " UpdateService operation: Task definition does not support launch_type FARGATE."), update.stderr());
        JsonNode service = aws(sandbox, "ecs", "describe-services", "--cluster", "demo", "--services", "web").json()
                .at("/services/0");
        assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
                service.get("taskDefinition").asText(), "the service did not change");
        assertEquals(1, service.get("deployments").size());
    }

    @Test
    void anotherAccountsRegistryHasNoRepositoryWeb() {
        SandboxTesting.Cli own = aws(sandbox, "ecr", "describe-images", "--repository-name", "web");
        assertEquals(0, own.exit(), own.stderr());
        assertEquals("1.0.0", own.json().at("/imageDetails/0/imageTags/0").asText());
        String refusal = "(RepositoryNotFoundException) when calling the %s operation: The repository with name"
                + " 'web' does not exist in the registry with id '999999999999'";
        SandboxTesting.Cli describe = aws(sandbox, "ecr", "describe-images", "--repository-name", "web",
                "--registry-id", "999999999999");
        assertNotEquals(0, describe.exit());
        assertTrue(describe.stderr().contains(refusal.formatted("DescribeImages")), describe.stderr());
        SandboxTesting.Cli batch = aws(sandbox, "ecr", "batch-get-image", "--repository-name", "web",
                "--registry-id", "999999999999", "--image-ids", "imageTag=1.0.0");
        assertNotEquals(0, batch.exit());
        assertTrue(batch.stderr().contains(refusal.formatted("BatchGetImage")), batch.stderr());
        SandboxTesting.Cli mine = aws(sandbox, "ecr", "describe-images", "--repository-name", "web",
                "--registry-id", "123456789012");
        assertEquals(0, mine.exit(), "this account's id is this registry: " + mine.stderr());
    }

    @Test
    void ecrGivesEachImagesIndexWithItsPlatformAndTheDigestIsTheIndexs() throws Exception {
        for (String[] image : new String[][] {{"1.0.0", "amd64"}, {"1.0.0-arm64", "arm64"}}) {
            SandboxTesting.Cli cli = aws(sandbox, "ecr", "batch-get-image", "--repository-name", "web",
                    "--image-ids", "imageTag=" + image[0]);
            assertEquals(0, cli.exit(), cli.stderr());
            JsonNode found = cli.json().at("/images/0");
            assertEquals("application/vnd.oci.image.index.v1+json", found.get("imageManifestMediaType").asText());
            String manifest = found.get("imageManifest").asText();
            JsonNode platform = SandboxTesting.JSON.readTree(manifest).at("/manifests/0/platform");
            assertEquals(image[1], platform.get("architecture").asText(), manifest);
            assertEquals("linux", platform.get("os").asText());
            String digest = "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
                    .getInstance("SHA-256").digest(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(digest, found.at("/imageId/imageDigest").asText());
        }
    }

    @Test
    void parameterStoreAnswersGetParameterAndGetParametersAsSsmDoes() {
        SandboxTesting.Cli decrypted = aws(sandbox, "ssm", "get-parameter", "--name", "/demo/web/DB_URL",
                "--with-decryption");
        assertEquals(0, decrypted.exit(), decrypted.stderr());
        JsonNode parameter = decrypted.json().get("Parameter");
        assertEquals(World.DB_URL, parameter.get("Value").asText());
        assertEquals("SecureString", parameter.get("Type").asText());
        assertEquals("arn:aws:ssm:us-east-1:123456789012:parameter/demo/web/DB_URL", parameter.get("ARN").asText());

        SandboxTesting.Cli encrypted = aws(sandbox, "ssm", "get-parameter", "--name",
                "arn:aws:ssm:us-east-1:123456789012:parameter/demo/web/DB_URL");
        assertEquals(0, encrypted.exit(), encrypted.stderr());
        assertNotEquals(World.DB_URL, encrypted.json().at("/Parameter/Value").asText(),
                "a SecureString read without decryption does not show its value");

        SandboxTesting.Cli missing = aws(sandbox, "ssm", "get-parameter", "--name", "/demo/web/nope");
        assertNotEquals(0, missing.exit());
        assertTrue(missing.stderr().contains("(ParameterNotFound) when calling the GetParameter operation"),
                missing.stderr());

        SandboxTesting.Cli both = aws(sandbox, "ssm", "get-parameters", "--names", "/demo/web/DB_URL", "nope",
                "--with-decryption");
        assertEquals(0, both.exit(), both.stderr());
        assertEquals(1, both.json().get("Parameters").size());
        assertEquals(World.DB_URL, both.json().at("/Parameters/0/Value").asText());
        assertEquals("[\"nope\"]", both.json().get("InvalidParameters").toString());
    }
}
