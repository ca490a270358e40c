package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.DockerEngine;
import dev.ecsdeploy.testing.RegistrySandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The image stage end to end, as the runner runs the action: a real Docker engine builds, the sandbox's ECR
 * (GetAuthorizationToken, CreateRepository, DescribeImages over the AWS wire) fronts a real registry, and the
 * deploy pipeline carries the pushed image into the task definition.
 */
class ImageBuildAndPushTest {
    private static final String SECRET = "npm-token-" + UUID.randomUUID();
    private static RegistrySandbox registry;
    private static Sandbox sandbox;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        registry = RegistrySandbox.start();
        sandbox = registry.sandbox();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static String uniqueRepository(String prefix) {
        return registry.uniqueRepository(prefix);
    }

    /** web1 of the monorepo fixture, as the source workflow builds it. */
    private ActionHarness web1(String repository) {
        return web1(ImagePath.ENGINE_API, repository);
    }

    private ActionHarness web1(ImagePath path, String repository) {
        return new ActionHarness(temp)
                .aws(sandbox.endpoint())
                .event("workflow_dispatch", "dispatch-latest.json")
                .env(DockerCli.EXECUTABLE_VARIABLE, path.dockerVariable())
                .env("NPM_TOKEN", SECRET)
                .input("version-file", "apps/web1/package.json")
                .input("ecr-repository", repository)
                .input("create-repository", "true")
                .input("dockerfile", "apps/web1/Dockerfile")
                .input("build-args", "PROJECT=web1")
                .input("build-secrets", "id=npm_token,env=NPM_TOKEN")
                .input("cluster", "demo")
                .input("service", "web")
                .input("poll-interval", "1s");
    }

    private static EcrClient ecr() {
        return EcrClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox",
                        "sandbox"))).build();
    }

    private static List<String> operations(String service) {
        return sandbox.auditEntries().stream().filter(entry -> service.equals(entry.path("service").asText()))
                .map(entry -> entry.path("operation").asText()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void theFixtureAppIsBuiltAndPushedAsVersionAndLatestAndDeployedByDigestVerifiedTag(ImagePath path) {
        String repository = uniqueRepository("web1");
        String expectedUri = DockerEngine.REGISTRY + "/" + repository + ":v1.4.2";

        ActionHarness.Run run = web1(path, repository).run();

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(expectedUri, run.output("image-uri"));
        assertEquals(expectedUri + "," + DockerEngine.REGISTRY + "/" + repository + ":latest", run.output("image-tags"));
        assertEquals(List.of("latest", "v1.4.2"), DockerEngine.registryTags(repository).stream().sorted().toList());
        assertEquals(DockerEngine.registryDigest(repository, "v1.4.2"), run.output("image-digest"));
        assertTrue(run.log().contains("::group::Build " + expectedUri), run.log());
        var built = java.util.regex.Pattern.compile("Built sha256:\\S+ in (\\d+\\.\\d)s").matcher(run.log());
        assertTrue(built.find(), run.log());
        System.out.printf("web1 build on a warm engine (%s): %s s%n", path, built.group(1));

        DockerEngine.Exec history = DockerEngine.docker("history", "--no-trunc", expectedUri);
        assertEquals(0, history.exitCode(), history.output());
        assertFalse(history.output().contains(SECRET), "the secret is in the image history");
        // The runner consumes ::add-mask:: lines (never shown) and masks the value in everything after.
        String shown = String.join("\n", run.log().lines().filter(line -> !line.startsWith("::add-mask::")).toList());
        assertTrue(run.log().contains("::add-mask::" + SECRET), "the runner is told to mask the secret");
        assertFalse(shown.contains(SECRET), "the secret is in the log");
        assertFalse(run.summary().contains(SECRET), "the secret is in the job summary");
        assertFalse(shown.contains("sandbox-registry-password"), "the registry password is in the log");

        assertTrue(operations("ecr").containsAll(List.of("GetAuthorizationToken", "DescribeRepositories",
                "CreateRepository", "DescribeImages")), operations("ecr").toString());
        try (EcsClient ecs = EcsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox",
                        "sandbox"))).build()) {
            String image = ecs.describeTaskDefinition(r -> r.taskDefinition(run.output("task-definition-arn")))
                    .taskDefinition().containerDefinitions().getFirst().image();
            assertEquals(expectedUri, image, "the task definition deploys the image just pushed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void extraTagsWithoutLatestToTheRegistryOfAnExplicitAccount(ImagePath path) {
        String repository = uniqueRepository("tags");
        String image = DockerEngine.REGISTRY + "/" + repository;

        ActionHarness.Run run = web1(path, repository)
                .input("ecr-registry", "123456789012")
                .input("tag-latest", "false")
                .input("tags", "stable\nsha-9f1c2d3")
                .run();

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(image + ":v1.4.2," + image + ":stable," + image + ":sha-9f1c2d3", run.output("image-tags"));
        assertEquals(List.of("sha-9f1c2d3", "stable", "v1.4.2"),
                DockerEngine.registryTags(repository).stream().sorted().toList());
        assertEquals(DockerEngine.registryDigest(repository, "stable"), run.output("image-digest"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void aDockerfileThatFailsToBuildExitsOneWithTheFailingStepsOutputAndPushesNothing(ImagePath path) {
        String repository = uniqueRepository("broken");
        ActionHarness.Run run = web1(path, repository)
                .workspace(ActionHarness.FIXTURES.resolve("docker/broken-build"))
                .input("version", "1.4.2")
                .input("dockerfile", "Dockerfile")
                .input("build-args", "")
                .input("build-secrets", "")
                .run();

        assertEquals(1, run.exitCode(), run.toString());
        List<String> errors = run.annotations("error");
        assertEquals(1, errors.size(), run.toString());
        String error = errors.getFirst();
        assertTrue(error.startsWith("::error file=Dockerfile,line=4,title=Docker build failed::"), error);
        assertTrue(error.contains("src/index.js:3: SyntaxError: Unexpected token '}'"), error);
        assertTrue(error.contains("the command exited with code 3"), error);
        assertEquals("FAILED", run.output("deployment-status"));
        assertNull(run.output("image-uri"));
        assertEquals(List.of(), DockerEngine.registryTags(repository), "nothing pushed");
        try (EcrClient ecr = ecr()) {
            assertThrows(RepositoryNotFoundException.class, () -> ecr.describeRepositories(r -> r.repositoryNames(
                    repository)), "a failed build creates no repository");
        }
        assertFalse(run.log().contains("::group::Push"), "no push started");
    }

    @Test
    void aMissingRepositoryWithoutCreateRepositoryStopsBeforeTheBuildNamingIt() {
        String repository = uniqueRepository("missing");
        ActionHarness.Run run = web1(repository).input("create-repository", "false").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = run.annotations("error").getFirst();
        assertTrue(error.contains("title=Invalid input ecr-repository"), error);
        assertTrue(error.contains("\"" + repository + "\" does not exist"), error);
        assertTrue(error.contains("create-repository"), error);
        assertFalse(run.log().contains("::group::Build"), "nothing was built");
    }

    @Test
    void aDryRunBuildsNothingAndPushesNothing() {
        String repository = uniqueRepository("dry");
        ActionHarness.Run run = web1(repository).input("dry-run", "true").run();

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("DRY_RUN", run.output("deployment-status"));
        assertFalse(run.log().contains("::group::Build"), run.log());
        assertEquals(List.of(), DockerEngine.registryTags(repository));
    }

    @Test
    void aPrebuiltImageIsDeployedAsItIsAndMustExistInEcr() {
        String repository = uniqueRepository("prebuilt");
        String uri = DockerEngine.REGISTRY + "/" + repository + ":v2.0.0";
        try (EcrClient ecr = ecr()) {
            ecr.createRepository(r -> r.repositoryName(repository));
        }
        assertEquals(0, DockerEngine.docker("tag", DockerEngine.BASE_IMAGE, uri).exitCode());
        assertEquals(0, DockerEngine.docker("push", uri).exitCode());

        ActionHarness.Run missing = web1("unused").input("image", DockerEngine.REGISTRY + "/" + repository
                + ":v9.9.9").run();
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.annotations("error").getFirst().contains("title=Invalid input image"), missing.toString());
        assertFalse(missing.log().contains("::group::Build"));

        ActionHarness.Run run = web1("unused").input("image", uri).run();
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(uri, run.output("image-uri"));
        assertEquals(DockerEngine.registryDigest(repository, "v2.0.0"), run.output("image-digest"));
        assertFalse(run.log().contains("::group::Build"), "a pre-built image is not built");
    }
}
