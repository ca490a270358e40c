package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.image.engine.session.BuildSessionSecretsTest.RecordingServices;
import dev.ecsdeploy.image.engine.session.SessionServices.RegistryCredential;
import dev.ecsdeploy.testing.DockerEngine;
import dev.ecsdeploy.testing.PrivateRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry credentials through the session: a FROM image in a registry that wants basic auth (a second
 * {@code docker-registry} with htpasswd on a loopback port, which the engine reaches over plain HTTP as it does every
 * 127.0.0.0/8 registry) is pulled with what the session answers for its host, and refused without it.
 */
class BuildSessionCredentialsTest {
    private static final String USER = PrivateRegistry.USER;
    private static final String PASSWORD = PrivateRegistry.PASSWORD;

    @TempDir
    static Path dir;
    private static PrivateRegistry registry;
    private static String host;

    @BeforeAll
    static void privateRegistry() throws Exception {
        DockerEngine.require();
        DockerEngine.busyboxBase();
        registry = PrivateRegistry.start(dir);
        host = registry.host();
    }

    private static final List<String> TAGS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
        if (!TAGS.isEmpty()) {
            List<String> args = new java.util.ArrayList<>(List.of("rmi", "--force"));
            args.addAll(TAGS);
            DockerEngine.docker(args.toArray(String[]::new));
        }
    }

    /** Runs before the refusals too (JUnit's order here): the engine ties a login to the session that gave it. */
    @Test
    void aFromImageInAPrivateRegistryIsPulledWithTheSessionsCredentials() throws Exception {
        String image = registry.pushBase();
        RecordingServices services = new RecordingServices();
        services.credentials.put(host, new RegistryCredential(USER, PASSWORD));
        try (BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, services)) {
            EngineWire.Build build = EngineWire.build(from(image), tag(), session.id());
            assertTrue(build.succeeded(), build::body);
        }
        assertTrue(services.hostsAsked.contains(host), services.hostsAsked::toString);
    }

    @Test
    void withoutCredentialsTheRegistryRefusesThePull() throws Exception {
        String image = registry.pushBase();
        RecordingServices services = new RecordingServices();
        try (BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, services)) {
            EngineWire.Build build = EngineWire.build(from(image), tag(), session.id());
            assertFalse(build.succeeded(), build::body);
            assertTrue(build.error().contains(host + " failed with status code") && build.error().contains(
                    "401 Unauthorized"), build.error());
        }
        assertTrue(services.hostsAsked.contains(host), services.hostsAsked::toString);
    }

    @Test
    void aWrongPasswordIsRefusedToo() throws Exception {
        String image = registry.pushBase();
        RecordingServices services = new RecordingServices();
        services.credentials.put(host, new RegistryCredential(USER, "not-" + PASSWORD));
        try (BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, services)) {
            EngineWire.Build build = EngineWire.build(from(image), tag(), session.id());
            assertFalse(build.succeeded(), build::body);
            assertTrue(build.error().contains("401 Unauthorized"), build.error());
            assertFalse(build.body().contains("not-" + PASSWORD), "the password is in the build's answer");
        }
    }

    private static String from(String image) {
        return "FROM " + image + "\nRUN echo " + UUID.randomUUID() + "\n";
    }

    private static String tag() {
        String tag = "ecs-deploy-test/session-pull:" + UUID.randomUUID();
        TAGS.add(tag);
        return tag;
    }
}
