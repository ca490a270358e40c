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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker side of the image stage against a real engine and a real registry (no ECR here; the end-to-end test
 * adds it): the arguments, secrets, labels, login, push, digest and failure reading the steps rely on, on both paths
 * (the Engine API and the Docker CLI).
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

    private static ImageEngine.ImageBuild build(Path dockerfile, Path context, Map<String, String> buildArgs,
                                                List<ImageResults.SecretSource> secrets, Map<String, String> secretEnv,
                                                Map<String, String> labels, List<String> references) {
        BuildCache noCache = new BuildCache(List.of(), List.of(), true, BuildCache.Engine.BUILTIN);
        return new ImageEngine.ImageBuild(dockerfile, context.relativize(dockerfile).toString(), context.toString(),
                "linux/amd64", null, true, buildArgs, secrets, secretEnv, labels, references, noCache, List.of());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void theFixtureBuildsWithItsArgAndSecretAndBothTagsReachTheRegistryWithoutTheSecret(ImagePath path)
            throws Exception {
        String repository = "it-" + UUID.randomUUID().toString().substring(0, 8) + "/web1";
        REPOSITORIES.add(repository);
        String image = DockerEngine.REGISTRY + "/" + repository;
        GithubContext github = GithubContext.from(Map.of("GITHUB_REPOSITORY", "acme/shop", "GITHUB_SHA", "9f1c2d3e"));
        ImageEngine.ImageBuild build = build(MONOREPO.resolve("apps/web1/Dockerfile"), MONOREPO,
                Map.of("PROJECT", "web1"), List.of(new ImageResults.SecretSource(BuildSecret.parse(
                        "id=npm_token,env=NPM_TOKEN"), null)), Map.of("NPM_TOKEN", SECRET),
                OciLabels.of(github, "v1.4.2", Instant.now()), List.of(image + ":v1.4.2", image + ":latest"));
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        Path home = Files.createDirectories(temp.resolve("home"));
        RegistryRetry retry = new RegistryRetry(3, Duration.ofMillis(10), new Cancellation(), log::add);

        // Logged in before the build, as the steps do, so the build may pull from the registry.
        RegistrySession session = RegistrySession.open(path.engine(), Map.of("HOME", home.toString()),
                DockerEngine.REGISTRY, new EcrLogin("AWS", "not-checked-by-this-registry", DockerEngine.REGISTRY),
                retry);
        ImageEngine.Built built = session.engine().build(build, log::add, new Cancellation());

        assertEquals(0, built.result().exitCode(), built.result().text());
        assertTrue(built.imageId().startsWith("sha256:"), built.imageId());
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
        assertEquals(built.imageId(), DockerEngine.docker("image", "inspect", "--format", "{{.Id}}",
                image + ":latest").output().trim(), "both tags name the built image");

        List<String> pushLog = new ArrayList<>();
        DockerOutput pushed = retry.run("push", () -> session.engine().push(image + ":v1.4.2", pushLog::add,
                new Cancellation()));
        DockerOutput latest = retry.run("push", () -> session.engine().push(image + ":latest", line -> { },
                new Cancellation()));
        Path config = session.directory();
        session.close();

        assertEquals(0, pushed.exitCode(), pushed.text());
        assertEquals(0, latest.exitCode(), latest.text());
        assertEquals(pushLog, pushed.lines(), "what the push printed is what it returns");
        assertEquals(List.of("latest", "v1.4.2"), DockerEngine.registryTags(repository).stream().sorted().toList());
        assertEquals(DockerEngine.registryDigest(repository, "v1.4.2"),
                PushResults.digest(pushed.lines(), "v1.4.2").orElseThrow());
        switch (session.engine()) {
            case CliImageEngine cli -> assertFalse(Files.exists(config), "the private config is deleted");
            case ApiImageEngine api -> assertFalse(api.holdsCredentialFor(DockerEngine.REGISTRY),
                    "the session forgets its credentials");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void aFileSecretIsReadFromItsSourceAndAnUnknownOneFailsTheStepNamingOnlyItsId(ImagePath path) throws Exception {
        String value = "file-secret-" + UUID.randomUUID();
        Path secretFile = Files.writeString(temp.resolve("cert.txt"), value);
        Path context = Files.createDirectories(temp.resolve("secret-context"));
        Path dockerfile = Files.writeString(context.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN --mount=type=secret,id=cert test \"$(cat /run/secrets/cert)\" = \"" + value + "\"\n");
        String image = DockerEngine.REGISTRY + "/it-secret-" + UUID.randomUUID().toString().substring(0, 8) + ":v1";
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

        ImageEngine.Built built = path.engine().build(build(dockerfile, context, Map.of(), List.of(
                new ImageResults.SecretSource(BuildSecret.parse("id=cert,src=cert.txt"), secretFile.toString())),
                Map.of(), Map.of(), List.of(image)), log::add, new Cancellation());
        try {
            assertEquals(0, built.result().exitCode(), built.result().text());
        } finally {
            DockerEngine.docker("rmi", "--force", image);
        }

        // The Dockerfile's check compares with the value, so the value is in its text: the log must not add it elsewhere.
        Path other = Files.createDirectories(temp.resolve("missing-secret"));
        Path needsOther = Files.writeString(other.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN --mount=type=secret,id=other,required=true cat /run/secrets/other\n");
        ImageEngine.Built missing = path.engine().build(build(needsOther, other, Map.of(), List.of(
                new ImageResults.SecretSource(BuildSecret.parse("id=cert,src=cert.txt"), secretFile.toString())),
                Map.of(), Map.of(), List.of()), log::add, new Cancellation());
        assertNotEquals(0, missing.result().exitCode());
        assertTrue(missing.result().text().contains("other"), missing.result().text());
        assertFalse(String.join("\n", missing.result().lines()).contains(value), "the other secret's value is shown");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void theUsersProxiesReachTheBuildAsTheCliPassesThem(ImagePath path) throws Exception {
        Path home = Files.createDirectories(temp.resolve("proxy-home"));
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"proxies\":{\"default\":{\"httpProxy\":"
                + "\"http://proxy.example:3128\",\"noProxy\":\"*\"}}}");
        Path context = Files.createDirectories(temp.resolve("proxy-context"));
        Path dockerfile = Files.writeString(context.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN echo \"" + UUID.randomUUID() + " $HTTP_PROXY $http_proxy $NO_PROXY\" > /proxy\n");
        String image = DockerEngine.REGISTRY + "/it-proxy-" + UUID.randomUUID().toString().substring(0, 8) + ":v1";
        try (RegistrySession session = RegistrySession.open(path.engine(), Map.of("HOME", home.toString()),
                DockerEngine.REGISTRY, new EcrLogin("AWS", "unchecked", DockerEngine.REGISTRY), new RegistryRetry(2,
                        Duration.ofMillis(10), new Cancellation(), warning -> { }))) {
            ImageEngine.Built built = session.engine().build(build(dockerfile, context, Map.of(), List.of(), Map.of(),
                    Map.of(), List.of(image)), line -> { }, new Cancellation());
            assertEquals(0, built.result().exitCode(), built.result().text());
            String proxy = DockerEngine.docker("run", "--rm", image, "cat", "/proxy").output().trim();
            assertTrue(proxy.endsWith(" http://proxy.example:3128 http://proxy.example:3128 *"), proxy);
        } finally {
            DockerEngine.docker("rmi", "--force", image);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void aBrokenBuildIsExplainedByItsFailingStepAndTagsNothing(ImagePath path) throws Exception {
        Path context = ActionHarness.FIXTURES.resolve("docker/broken-build");
        String image = DockerEngine.REGISTRY + "/it-broken-" + UUID.randomUUID().toString().substring(0, 8);
        ImageEngine.ImageBuild build = build(context.resolve("Dockerfile"), context, Map.of(), List.of(), Map.of(),
                Map.of(), List.of(image + ":v1"));

        ImageEngine.Built built = path.engine().build(build, line -> { }, new Cancellation());
        BuildFailure failure = BuildFailure.explain(built.result().lines());

        assertNotEquals(0, built.result().exitCode());
        assertTrue(failure.step().endsWith("RUN echo \"compiling web1\" && echo \"src/index.js:3: SyntaxError:"
                + " Unexpected token '}'\" >&2 && exit 3"), failure.step());
        assertTrue(failure.output().contains("src/index.js:3: SyntaxError: Unexpected token '}'"), failure.toString());
        assertTrue(failure.error().endsWith("exit code: 3"), failure.error());
        assertEquals(4, failure.dockerfileLine(Files.readAllLines(context.resolve("Dockerfile"))));
        assertNotEquals(0, DockerEngine.docker("image", "inspect", image + ":v1").exitCode(), "nothing tagged");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void anUnreachableRegistryIsRetriedWithBackOffThenReported(ImagePath path) {
        String image = "127.0.0.1:1/it-unreachable:v1";
        assertEquals(0, DockerEngine.docker("tag", DockerEngine.BASE_IMAGE, image).exitCode());
        try {
            List<String> warnings = new ArrayList<>();
            int[] attempts = {0};
            DockerOutput result = new RegistryRetry(3, Duration.ofMillis(50), new Cancellation(), warnings::add)
                    .run("docker push " + image, () -> {
                        attempts[0]++;
                        return path.engine().push(image, line -> { }, new Cancellation());
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
