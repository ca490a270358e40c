package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.DockerEngine;
import dev.ecsdeploy.testing.RegistrySandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 16's build cache, for real: a real engine builds an app with a slow dependency step, the sandbox's ECR fronts
 * a real registry, and the second run starts from an engine that has none of the first run's cache or images (as a
 * fresh hosted runner does). It must reuse the slow layer from the image the first run pushed, with no configuration.
 */
class BuildCacheReuseTest {
    private static final Pattern BUILT_IN = Pattern.compile("Built sha256:\\S+ in (\\d+\\.\\d)s");
    private static RegistrySandbox registry;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        registry = RegistrySandbox.start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private ActionHarness slowDeps(ImagePath path, Path workspace, String repository, String version) {
        return ActionHarness.deployToSandbox(temp, registry.endpoint(), "web")
                .workspace(workspace)
                .env(DockerCli.EXECUTABLE_VARIABLE, path.dockerVariable())
                .input("image", "")
                .input("version-file", "package.json")
                .input("version", version)
                .input("ecr-repository", repository)
                .input("create-repository", "true");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void aOneLineChangeOnAnEmptyEngineReusesTheSlowLayerFromTheLastPushedImage(ImagePath path) throws IOException {
        String repository = registry.uniqueRepository("cache");
        String depsKey = "deps-" + UUID.randomUUID();
        Path app = fixture(Map.of("deps-key", depsKey));

        ActionHarness.Run cold = slowDeps(path, app, repository, "1.0.0").run();
        assertEquals(0, cold.exitCode(), cold.toString());
        assertTrue(cold.annotations("notice").stream().anyMatch(notice -> notice.contains("No earlier image in "
                + DockerEngine.REGISTRY + "/" + repository)), "a first build says there is nothing to reuse:\n" + cold);
        assertTrue(cold.log().contains("writing inline cache metadata in the pushed image"), cold.log());
        assertTrue(DockerEngine.registryImageConfig(repository, "latest").contains("moby.buildkit.cache.v0"),
                "the pushed image carries BuildKit's inline cache metadata");

        // A fresh runner: none of the first run's images or build cache on the engine.
        DockerEngine.removeLocalImages(List.of(repository));
        assertTrue(DockerEngine.pruneBuildCache(depsKey) > 0, "the first build's cache records are gone");
        Files.writeString(app.resolve("src/index.js"), "console.log(\"hello again from slow-deps\");\n");

        ActionHarness.Run warm = slowDeps(path, app, repository, "1.0.1").run();
        assertEquals(0, warm.exitCode(), warm.toString());
        String latest = DockerEngine.REGISTRY + "/" + repository + ":latest";
        assertTrue(warm.log().contains("importing cache manifest from " + latest), warm.log());
        Matcher slowStep = Pattern.compile("(?m)^(#\\d+) \\[\\d/\\d] RUN sleep 8 ").matcher(warm.log());
        assertTrue(slowStep.find(), warm.log());
        assertTrue(warm.log().contains("\n" + slowStep.group(1) + " CACHED\n"), "the slow step is CACHED:\n"
                + warm.log());
        assertTrue(warm.log().contains("\n" + slowStep.group(1) + " pulling sha256:"),
                "the slow layer came from the registry:\n" + warm.log());
        assertFalse(warm.log().contains("::notice::No layers reused"), warm.log());
        assertEquals("console.log(\"hello again from slow-deps\");", DockerEngine.docker("run", "--rm",
                DockerEngine.REGISTRY + "/" + repository + ":v1.0.1").output().trim(), "the change is in the image");

        // The control: emptied the same way, the engine alone (no --cache-from) runs the slow step again, so the
        // reuse above came from the pushed image's cache metadata, not from anything the prune left behind.
        DockerEngine.removeLocalImages(List.of(repository));
        assertTrue(DockerEngine.pruneBuildCache(depsKey) > 0);
        String control = DockerEngine.REGISTRY + "/" + repository + ":control";
        DockerEngine.Exec alone = DockerEngine.exec(List.of("env", "DOCKER_BUILDKIT=1", DockerEngine.CLI, "build",
                "--progress=plain", "--tag", control, app.toString()), null);
        assertEquals(0, alone.exitCode(), alone.output());
        Matcher controlStep = Pattern.compile("(?m)^(#\\d+) \\[\\d/\\d] RUN sleep 8 ").matcher(alone.output());
        assertTrue(controlStep.find(), alone.output());
        assertFalse(alone.output().contains("\n" + controlStep.group(1) + " CACHED\n"),
                "without the registry cache the slow step runs:\n" + alone.output());

        double coldSeconds = buildSeconds(cold);
        double warmSeconds = buildSeconds(warm);
        warm.log().lines().filter(line -> line.startsWith(slowStep.group(1) + " ") || line.contains("importing cache"))
                .forEach(line -> System.out.println("rebuild: " + line));
        System.out.printf("build cache: cold build %.1f s, rebuild on an empty engine %.1f s (%.0f%%)%n",
                coldSeconds, warmSeconds, 100 * warmSeconds / coldSeconds);
        assertTrue(coldSeconds >= 8, "the cold build ran the slow step: " + coldSeconds);
        assertTrue(warmSeconds < 0.5 * coldSeconds, "the rebuild took " + warmSeconds + " s of the cold "
                + coldSeconds + " s");
    }

    @Test
    void noCacheReadsAndWritesNoCache() throws IOException {
        String repository = registry.uniqueRepository("nocache");
        Path app = fixture(Map.of("sleep 8", "sleep 0"));

        ActionHarness.Run run = slowDeps(ImagePath.ENGINE_API, app, repository, "1.0.0").input("no-cache", "true").run();

        assertEquals(0, run.exitCode(), run.toString());
        assertFalse(run.log().contains("importing cache manifest"), run.log());
        assertTrue(run.log().contains("Build cache: none (no-cache)"), run.log());
        assertEquals(List.of(), run.annotations("notice").stream().filter(n -> n.contains("reuse")).toList());
        assertFalse(DockerEngine.registryImageConfig(repository, "v1.0.0").contains("moby.buildkit.cache.v0"),
                "the pushed image carries no inline cache");
    }

    @Test
    void aCacheThatCannotBeReadIsANoticeAndTheBuildGoesOn() throws IOException {
        String repository = registry.uniqueRepository("unreadable");
        Path app = fixture(Map.of("sleep 8", "sleep 0"));
        String missing = DockerEngine.REGISTRY + "/" + repository + ":no-such-tag";

        ActionHarness.Run run = slowDeps(ImagePath.ENGINE_API, app, repository, "1.0.0")
                .input("cache-from", "127.0.0.1:1/web:latest\n" + missing).run();

        assertEquals(0, run.exitCode(), run.toString());
        List<String> notices = run.annotations("notice");
        assertTrue(notices.stream().anyMatch(notice -> notice.contains("No layers reused from 127.0.0.1:1/web:latest")
                && notice.contains("connection refused")), notices.toString());
        assertTrue(notices.stream().anyMatch(notice -> notice.contains("No layers reused from " + missing)
                && notice.contains("not found")), notices.toString());
        assertEquals(List.of(), run.annotations("error"));
        assertEquals("SUCCESSFUL", run.output("deployment-status"));
    }

    /** A copy of the slow-deps app with its Dockerfile's words replaced. */
    private Path fixture(Map<String, String> replacements) throws IOException {
        Path app = copy(ActionHarness.FIXTURES.resolve("docker/slow-deps"), temp.resolve("app"));
        Path dockerfile = app.resolve("Dockerfile");
        String text = Files.readString(dockerfile);
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            text = text.replace(replacement.getKey(), replacement.getValue());
        }
        Files.writeString(dockerfile, text);
        return app;
    }

    private static double buildSeconds(ActionHarness.Run run) {
        Matcher matcher = BUILT_IN.matcher(run.log());
        assertTrue(matcher.find(), run.log());
        return Double.parseDouble(matcher.group(1));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return to;
    }
}
