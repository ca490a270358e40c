package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ecsdeploy.image.engine.session.BuildSessionSecretsTest.RecordingServices;
import dev.ecsdeploy.image.engine.session.SessionServices.RegistryCredential;
import dev.ecsdeploy.testing.DockerEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private static final String USER = "session-user";
    private static final String PASSWORD = "session-password-7f3a";
    /** bcrypt (cost 4) of {@link #PASSWORD}: the registry's htpasswd accepts only bcrypt. */
    private static final String PASSWORD_BCRYPT = "$2b$04$NAmb6s7YtAnmg385/i7gKOfvSNgHeQb.3WBFlfRWEINaTh/uasIEi";

    @TempDir
    static Path dir;
    private static Process registry;
    private static String host;

    @BeforeAll
    static void privateRegistry() throws Exception {
        DockerEngine.require();
        DockerEngine.busyboxBase();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        host = "127.0.0.1:" + port;
        Files.writeString(dir.resolve("htpasswd"), USER + ":" + PASSWORD_BCRYPT + "\n");
        Files.writeString(dir.resolve("registry.yml"), """
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                auth:
                  htpasswd:
                    realm: session-test
                    path: %s
                """.formatted(dir.resolve("storage"), host, dir.resolve("htpasswd")));
        registry = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("registry.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        awaitUnauthorized();
    }

    private static final List<String> TAGS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.destroy();
            registry.waitFor();
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
        String image = pushBase();
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
        String image = pushBase();
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
        String image = pushBase();
        RecordingServices services = new RecordingServices();
        services.credentials.put(host, new RegistryCredential(USER, "not-" + PASSWORD));
        try (BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, services)) {
            EngineWire.Build build = EngineWire.build(from(image), tag(), session.id());
            assertFalse(build.succeeded(), build::body);
            assertTrue(build.error().contains("401 Unauthorized"), build.error());
            assertFalse(build.body().contains("not-" + PASSWORD), "the password is in the build's answer");
        }
    }

    /** A new tag of the busybox base in the private registry, pushed with a login of its own and not kept locally. */
    private static String pushBase() throws IOException {
        String image = host + "/session-base:" + UUID.randomUUID();
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        DockerEngine.Exec login = DockerEngine.exec(List.of(DockerEngine.CLI, "--config", config.toString(), "login",
                "--username", USER, "--password-stdin", host), PASSWORD);
        assertEquals(0, login.exitCode(), login.output());
        run("tag", DockerEngine.BASE_IMAGE, image);
        DockerEngine.Exec push = DockerEngine.exec(List.of(DockerEngine.CLI, "--config", config.toString(), "push",
                image), null);
        assertEquals(0, push.exitCode(), push.output());
        run("rmi", image);
        return image;
    }

    private static void run(String... args) {
        DockerEngine.Exec exec = DockerEngine.docker(args);
        assertEquals(0, exec.exitCode(), exec.output());
    }

    private static String from(String image) {
        return "FROM " + image + "\nRUN echo " + UUID.randomUUID() + "\n";
    }

    private static String tag() {
        String tag = "ecs-deploy-test/session-pull:" + UUID.randomUUID();
        TAGS.add(tag);
        return tag;
    }

    private static void awaitUnauthorized() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> ping = client.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ping.statusCode() == 401) {
                    return;
                }
                fail("the private registry answers " + ping.statusCode() + " without credentials");
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        fail("the private registry did not start: " + Files.readString(dir.resolve("registry.log")));
    }
}
