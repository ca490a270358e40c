package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.github.GithubContext;
import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker side of the image stage against a real engine and a real registry (no ECR here; the end-to-end test
 * adds it): the arguments, secrets, labels, login, push, digest and failure reading the steps rely on.
 */
class DockerBuildAndPushTest {
    private static final Path MONOREPO = ActionHarness.FIXTURES.resolve("monorepo");
    private static final String SECRET = "npm-token-" + UUID.randomUUID();

    @TempDir
    Path temp;

    private static final List<String> REPOSITORIES = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void engine() {
        DockerEngine.require();
        DockerEngine.busyboxBase();
    }

    @org.junit.jupiter.api.AfterAll
    static void removeLocalTags() {
        DockerEngine.removeLocalImages(REPOSITORIES);
    }

    private static DockerCli docker(Map<String, String> env) {
        return DockerCli.forEnvironment(Map.of(DockerCli.EXECUTABLE_VARIABLE, DockerEngine.CLI)).withEnvironment(env);
    }

    @Test
    void theFixtureBuildsWithItsArgAndSecretAndBothTagsReachTheRegistryWithoutTheSecret() throws Exception {
        String repository = "it-" + UUID.randomUUID().toString().substring(0, 8) + "/web1";
        REPOSITORIES.add(repository);
        String image = DockerEngine.REGISTRY + "/" + repository;
        Path iid = temp.resolve("iid");
        GithubContext github = GithubContext.from(Map.of("GITHUB_REPOSITORY", "acme/shop", "GITHUB_SHA", "9f1c2d3e"));
        BuildCommand build = new BuildCommand(MONOREPO.resolve("apps/web1/Dockerfile").toString(), MONOREPO.toString(),
                "linux/amd64", null, true, Map.of("PROJECT", "web1"), List.of("id=npm_token,env=NPM_TOKEN"),
                OciLabels.of(github, "v1.4.2", Instant.now()), List.of(image + ":v1.4.2", image + ":latest"),
                iid.toString());
        List<String> log = new ArrayList<>();

        DockerCli.Result built = docker(Map.of("DOCKER_BUILDKIT", "1", "NPM_TOKEN", SECRET))
                .run(build.arguments(), null, log::add, new Cancellation());

        assertEquals(0, built.exitCode(), built.text());
        String imageId = Files.readString(iid).trim();
        assertTrue(imageId.startsWith("sha256:"), imageId);
        DockerEngine.Exec run = DockerEngine.docker("run", "--rm", image + ":v1.4.2");
        assertEquals("dependencies of web1 installed", run.output().trim(), "the build arg and secret were used");
        DockerEngine.Exec history = DockerEngine.docker("history", "--no-trunc", image + ":v1.4.2");
        assertEquals(0, history.exitCode(), history.output());
        assertFalse(history.output().contains(SECRET), "the secret is in the image history");
        assertFalse(String.join("\n", log).contains(SECRET), "the secret is in the build log");
        assertEquals("v1.4.2 9f1c2d3e https://github.com/acme/shop", DockerEngine.docker("image", "inspect",
                "--format", "{{index .Config.Labels \"org.opencontainers.image.version\"}}"
                        + " {{index .Config.Labels \"org.opencontainers.image.revision\"}}"
                        + " {{index .Config.Labels \"org.opencontainers.image.source\"}}", image + ":v1.4.2")
                .output().trim());

        Path config = Files.createDirectory(temp.resolve("docker-config"));
        DockerCli registry = docker(Map.of("DOCKER_CONFIG", config.toString()));
        DockerCli.Result login = registry.run(List.of("login", "--username", "AWS", "--password-stdin",
                DockerEngine.REGISTRY), "not-checked-by-this-registry", line -> { }, null);
        assertEquals(0, login.exitCode(), login.text());
        RegistryRetry retry = new RegistryRetry(3, Duration.ofMillis(10), new Cancellation(), log::add);
        DockerCli.Result pushed = retry.run("push", () -> registry.run(List.of("push", image + ":v1.4.2")));
        assertEquals(0, retry.run("push", () -> registry.run(List.of("push", image + ":latest"))).exitCode());
        registry.run(List.of("logout", DockerEngine.REGISTRY));

        assertEquals(0, pushed.exitCode(), pushed.text());
        assertEquals(List.of("latest", "v1.4.2"), DockerEngine.registryTags(repository).stream().sorted().toList());
        assertEquals(DockerEngine.registryDigest(repository, "v1.4.2"),
                PushResults.digest(pushed.lines(), "v1.4.2").orElseThrow());
        assertFalse(Files.readString(config.resolve("config.json")).contains("QVdT"),
                "logout leaves no credentials behind");
    }

    @Test
    void aBrokenBuildIsExplainedByItsFailingStepAndTagsNothing() throws Exception {
        Path context = ActionHarness.FIXTURES.resolve("docker/broken-build");
        String image = DockerEngine.REGISTRY + "/it-broken-" + UUID.randomUUID().toString().substring(0, 8);
        BuildCommand build = new BuildCommand(context.resolve("Dockerfile").toString(), context.toString(),
                "linux/amd64", null, true, Map.of(), List.of(), Map.of(), List.of(image + ":v1"), null);

        DockerCli.Result result = docker(Map.of("DOCKER_BUILDKIT", "1")).run(build.arguments());
        BuildFailure failure = BuildFailure.explain(result.lines());

        assertNotEquals(0, result.exitCode());
        assertTrue(failure.step().endsWith("RUN echo \"compiling web1\" && echo \"src/index.js:3: SyntaxError:"
                + " Unexpected token '}'\" >&2 && exit 3"), failure.step());
        assertTrue(failure.output().contains("src/index.js:3: SyntaxError: Unexpected token '}'"), failure.toString());
        assertTrue(failure.error().endsWith("exit code: 3"), failure.error());
        assertEquals(4, failure.dockerfileLine(Files.readAllLines(context.resolve("Dockerfile"))));
        assertNotEquals(0, DockerEngine.docker("image", "inspect", image + ":v1").exitCode(), "nothing tagged");
    }

    @Test
    void anUnreachableRegistryIsRetriedWithBackOffThenReported() {
        String image = "127.0.0.1:1/it-unreachable:v1";
        assertEquals(0, DockerEngine.docker("tag", DockerEngine.BASE_IMAGE, image).exitCode());
        try {
            List<String> warnings = new ArrayList<>();
            int[] attempts = {0};
            DockerCli.Result result = new RegistryRetry(3, Duration.ofMillis(50), new Cancellation(), warnings::add)
                    .run("docker push " + image, () -> {
                        attempts[0]++;
                        return docker(Map.of()).run(List.of("push", image));
                    });

            assertNotEquals(0, result.exitCode());
            assertEquals(PushResults.Failure.TRANSIENT, PushResults.classify(result.lines()), result.text());
            assertEquals(3, attempts[0]);
            assertEquals(2, warnings.size());
            assertTrue(warnings.getFirst().contains("connection refused"), warnings.getFirst());
        } finally {
            DockerEngine.docker("rmi", image);
        }
    }
}
