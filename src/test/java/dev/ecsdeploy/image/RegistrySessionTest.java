package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.pipeline.StepFailedException;
import dev.ecsdeploy.testing.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrySessionTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"auths\":{\"ghcr.io\":{\"auth\":\"eDp5\"}},\"credsStore\":\"desktop\"} | {\"auths\":{\"ghcr.io\":{\"auth\":\"eDp5\"}}}",
            "{\"credHelpers\":{\"123456789012.dkr.ecr.us-east-1.amazonaws.com\":\"ecr-login\"}} | ",
            "{\"proxies\":{\"default\":{\"httpProxy\":\"http://proxy:3128\"}},\"auths\":{}} | {\"auths\":{},\"proxies\":{\"default\":{\"httpProxy\":\"http://proxy:3128\"}}}",
            "{} | ",
    })
    void keepsOnlyTheUsersAuthsAndProxies(String user, String expected) throws Exception {
        assertEquals(expected, RegistrySession.seed(user));
    }

    @Test
    void logsInPrivatelyWithTheUsersOtherRegistriesAndLeavesNothingBehind() throws Exception {
        DockerEngine.require();
        Path home = temp.resolve("home");
        Path userConfig = Files.createDirectories(home.resolve(".docker")).resolve("config.json");
        String userJson = "{\"auths\":{\"ghcr.io\":{\"auth\":\"dXNlcjpnaHA=\"}}}";
        Files.writeString(userConfig, userJson);
        DockerCli cli = DockerCli.forEnvironment(Map.of(DockerCli.EXECUTABLE_VARIABLE, DockerEngine.CLI));

        Path privateConfig;
        try (RegistrySession session = RegistrySession.open(cli, Map.of("HOME", home.toString()),
                DockerEngine.REGISTRY, new EcrLogin("AWS", "session-password", DockerEngine.REGISTRY),
                new RegistryRetry(2, Duration.ofMillis(10), new Cancellation(), warning -> { }))) {
            privateConfig = session.directory();
            String during = Files.readString(privateConfig.resolve("config.json"));
            assertTrue(during.contains("\"ghcr.io\"") && during.contains("\"" + DockerEngine.REGISTRY + "\""),
                    "the private config holds the user's registries and this run's login: " + during);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateConfig)));
        }
        assertFalse(Files.exists(privateConfig), "the private config is deleted");
        assertEquals(userJson, Files.readString(userConfig), "the user's own config is untouched");
    }

    @Test
    void throughTheApiTheLoginIsCheckedAndHeldInMemoryWithTheUsersRegistriesThenForgotten() throws Exception {
        DockerEngine.require();
        Path home = temp.resolve("home");
        Path userConfig = Files.createDirectories(home.resolve(".docker")).resolve("config.json");
        String userJson = "{\"auths\":{\"ghcr.io\":{\"auth\":\"dXNlcjpnaHA=\"}},\"credsStore\":\"desktop\"}";
        Files.writeString(userConfig, userJson);

        ApiImageEngine engine;
        try (RegistrySession session = RegistrySession.open(ImagePath.ENGINE_API.engine(), Map.of("HOME",
                        home.toString()), DockerEngine.REGISTRY, new EcrLogin("AWS", "session-password",
                        DockerEngine.REGISTRY), new RegistryRetry(2, Duration.ofMillis(10), new Cancellation(),
                        warning -> { }))) {
            engine = (ApiImageEngine) session.engine();
            assertTrue(engine.holdsCredentialFor(DockerEngine.REGISTRY), "this run's login");
            assertTrue(engine.holdsCredentialFor("ghcr.io"), "the user's other registry");
            assertEquals(null, session.directory(), "no config directory on the API path");
        }
        assertFalse(engine.holdsCredentialFor(DockerEngine.REGISTRY) || engine.holdsCredentialFor("ghcr.io"),
                "forgotten when the session closes");
        assertEquals(userJson, Files.readString(userConfig), "the user's own config is untouched");
    }

    @Test
    void throughTheApiARegistryThatCannotBeReachedFailsTheLoginAfterRetries() {
        DockerEngine.require();
        List<String> warnings = new java.util.ArrayList<>();
        StepFailedException e = assertThrows(StepFailedException.class, () -> RegistrySession.open(
                ImagePath.ENGINE_API.engine(), Map.of("HOME", temp.toString()), "127.0.0.1:1",
                new EcrLogin("AWS", "session-password", "127.0.0.1:1"), new RegistryRetry(2, Duration.ofMillis(10),
                        new Cancellation(), warnings::add)));
        assertTrue(e.getMessage().startsWith("Logging in to 127.0.0.1:1 failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertFalse(e.getMessage().contains("session-password"), e.getMessage());
        assertEquals(1, warnings.size(), "retried once: " + warnings);
    }
}
