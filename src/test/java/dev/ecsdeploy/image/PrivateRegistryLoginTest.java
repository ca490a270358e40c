package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.pipeline.StepFailedException;
import dev.ecsdeploy.testing.DockerEngine;
import dev.ecsdeploy.testing.PrivateRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The run's registry login where the registry checks it (as ECR does; the loopback registry takes any): on both
 * paths a wrong password fails the login before any build, and the session's login lets the build pull its FROM image
 * from the registry and the push write to it.
 */
class PrivateRegistryLoginTest {
    @TempDir
    static Path dir;
    private static PrivateRegistry registry;
    private static final List<String> LOCAL = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        DockerEngine.require();
        DockerEngine.busyboxBase();
        registry = PrivateRegistry.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        for (String image : LOCAL) {
            DockerEngine.docker("rmi", "--force", image);
        }
    }

    private RegistrySession login(ImagePath path, String password) {
        return RegistrySession.open(path.engine(), Map.of("HOME", temp.toString()), registry.host(),
                new EcrLogin(PrivateRegistry.USER, password, registry.host()), new RegistryRetry(2,
                        Duration.ofMillis(10), new Cancellation(), warning -> { }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void aWrongPasswordFailsTheLoginNamingTheRegistryNeverThePassword(ImagePath path) {
        StepFailedException e = assertThrows(StepFailedException.class, () -> login(path, "not-the-password"));
        assertTrue(e.getMessage().startsWith("Logging in to " + registry.host() + " failed: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("The credentials need ecr:GetAuthorizationToken."), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void theSessionsLoginPullsTheFromImageAndPushesTheBuiltOne(ImagePath path) throws Exception {
        String base = registry.pushBase();
        Path context = Files.createDirectories(temp.resolve("context"));
        Path dockerfile = Files.writeString(context.resolve("Dockerfile"), "FROM " + base + "\n"
                + "RUN echo " + UUID.randomUUID() + " > /built\n");
        String repository = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String image = registry.host() + "/" + repository + ":v1";
        LOCAL.add(image);
        BuildCache noCache = new BuildCache(List.of(), List.of(), true, BuildCache.Engine.BUILTIN);
        List<String> log = new ArrayList<>();

        try (RegistrySession session = login(path, PrivateRegistry.PASSWORD)) {
            ImageEngine.Built built = session.engine().build(new ImageEngine.ImageBuild(dockerfile, "Dockerfile",
                    context.toString(), null, null, true, Map.of(), List.of(), Map.of(), Map.of(), List.of(image),
                    noCache, List.of()), log::add, new Cancellation());
            assertEquals(0, built.result().exitCode(), built.result().text());
            DockerOutput pushed = session.engine().push(image, log::add, new Cancellation());
            assertEquals(0, pushed.exitCode(), pushed.text());
            assertTrue(PushResults.digest(pushed.lines(), "v1").isPresent(), pushed.text());
        }
        assertTrue(registry.tags(repository).contains("\"v1\""), registry.tags(repository));
        assertFalse(String.join("\n", log).contains(PrivateRegistry.PASSWORD), "the password is in the log");
    }
}
