package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.testing.DockerEngine;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The session against the real engine (BuildKit inside dockerd, {@code scripts/start-docker}): its health checks,
 * build secrets reaching a {@code RUN --mount=type=secret}, an unknown id, a refused upgrade and {@code close()} while
 * a build still needs the session.
 */
class BuildSessionSecretsTest {
    private static final List<String> TAGS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void engine() {
        DockerEngine.require();
        DockerEngine.busyboxBase();
    }

    @AfterAll
    static void removeImages() {
        if (!TAGS.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rmi", "--force"));
            args.addAll(TAGS);
            DockerEngine.docker(args.toArray(String[]::new));
        }
    }

    /** Secrets by id; records every id and host the engine asked for. */
    static final class RecordingServices implements SessionServices {
        final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
        final Map<String, RegistryCredential> credentials = new ConcurrentHashMap<>();
        final List<String> secretsAsked = new CopyOnWriteArrayList<>();
        final List<String> hostsAsked = new CopyOnWriteArrayList<>();

        @Override
        public RegistryCredential credentials(String host) {
            hostsAsked.add(host);
            return credentials.get(host);
        }

        @Override
        public byte[] secret(String id) {
            secretsAsked.add(id);
            return secrets.get(id);
        }
    }

    @Test
    void theEngineChecksTheSessionsHealthAndKeepsIt() throws Exception {
        try (BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, new RecordingServices())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (session.answered(SessionMethods.HEALTH_CHECK) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            // BuildKit asks every second and drops the session at the first unanswered check.
            assertTrue(session.answered(SessionMethods.HEALTH_CHECK) >= 3,
                    "health checks answered: " + session.answered(SessionMethods.HEALTH_CHECK));
            assertTrue(session.serving(), "the engine kept the session");
        }
    }

    @Test
    void aSecretMountArrivesWithTheValueTheSessionGives() throws Exception {
        byte[] value = ("token-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        RecordingServices services = new RecordingServices();
        services.secrets.put("token", value);
        try (BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, services)) {
            EngineWire.Build build = EngineWire.build(checksSecret("token", sha256(value)), tag(), session.id());
            assertTrue(build.succeeded(), () -> "the RUN saw another value: " + build.error());
            assertEquals(List.of("token"), services.secretsAsked);
        }
    }

    /**
     * A secret near BuildKit's 500 KiB limit takes many DATA frames and more than the engine's first flow-control
     * window, and a second secret is asked for beside it: both arrive whole.
     */
    @Test
    void aLargeSecretAndASecondOneArriveWhole() throws Exception {
        byte[] large = new byte[450 * 1024];
        new java.util.Random(7).nextBytes(large);
        byte[] small = "small".getBytes(StandardCharsets.UTF_8);
        RecordingServices services = new RecordingServices();
        services.secrets.put("large", large);
        services.secrets.put("small", small);
        String dockerfile = "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN --mount=type=secret,id=large,required=true --mount=type=secret,id=small,required=true"
                + " echo " + UUID.randomUUID() + " >/dev/null"
                + " && echo \"" + sha256(large) + "  /run/secrets/large\" | busybox sha256sum -c -s -"
                + " && echo \"" + sha256(small) + "  /run/secrets/small\" | busybox sha256sum -c -s -\n";
        try (BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, services)) {
            EngineWire.Build build = EngineWire.build(dockerfile, tag(), session.id());
            assertTrue(build.succeeded(), () -> "a secret arrived cut or changed: " + build.error());
            assertEquals(java.util.Set.of("large", "small"), java.util.Set.copyOf(services.secretsAsked));
        }
    }

    @Test
    void aSecretWithAnotherValueFailsTheSameCheck() throws Exception {
        RecordingServices services = new RecordingServices();
        services.secrets.put("token", "not-the-value".getBytes(StandardCharsets.UTF_8));
        try (BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, services)) {
            EngineWire.Build build = EngineWire.build(
                    checksSecret("token", sha256("the-value".getBytes(StandardCharsets.UTF_8))), tag(), session.id());
            assertFalse(build.succeeded(), build::body);
            assertTrue(build.error().contains("busybox sha256sum -c -s -]: exit code: 1"), build.error());
        }
    }

    @Test
    void anUnknownSecretIdFailsTheBuildWithBuildKitsNotFound() throws Exception {
        RecordingServices services = new RecordingServices();
        services.secrets.put("token", "value".getBytes(StandardCharsets.UTF_8));
        try (BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, services)) {
            EngineWire.Build build = EngineWire.build(checksSecret("nope", sha256(new byte[0])), tag(),
                    session.id());
            assertFalse(build.succeeded(), build::body);
            // BuildKit's words (session/secrets: NOT_FOUND wrapped as ErrNotFound), as the build log shows them.
            assertTrue(build.error().contains("secret nope not found"), build.error());
            assertEquals(List.of("nope"), services.secretsAsked);
        }
    }

    @Test
    void anEngineThatRefusesTheUpgradeIsAnIoExceptionWithItsReason() {
        IOException refused = assertThrows(IOException.class,
                () -> BuildSession.open(EngineWire.connect(), "/v9.99", new RecordingServices()));
        assertTrue(refused.getMessage().startsWith("the engine refused the build session (POST /session answered 400"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("9.99"), refused.getMessage());
    }

    /**
     * Closing mid-build (the run cancelled) ends the session at once: the engine forgets it, and the step that needs
     * a secret after that fails within BuildKit's wait for a session instead of hanging the build.
     */
    @Test
    void closeDuringABuildEndsTheSessionAndTheStepThatNeedsItFails() throws Exception {
        RecordingServices services = new RecordingServices();
        services.secrets.put("token", "value".getBytes(StandardCharsets.UTF_8));
        BuildSession session = BuildSession.open(EngineWire.connect(), EngineWire.API, services);
        String nonce = UUID.randomUUID().toString();
        String dockerfile = "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN echo " + nonce + " && busybox sleep 3\n"
                + "RUN --mount=type=secret,id=token,required=true busybox cat /run/secrets/token >/dev/null\n";
        String sessionId = session.id();
        CompletableFuture<EngineWire.Build> build = CompletableFuture.supplyAsync(() -> {
            try {
                return EngineWire.build(dockerfile, tag(), sessionId);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(1500);
        long closing = System.nanoTime();
        session.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
        assertTrue(closeMillis < 2000, "close took " + closeMillis + " ms");
        assertFalse(session.serving());
        EngineWire.Build ended = build.get(60, TimeUnit.SECONDS);
        long endedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
        assertFalse(ended.succeeded(), ended::body);
        assertNotNull(ended.error());
        // BuildKit waits 5 s for a session it does not have: the sleep's rest, then that (7 s measured).
        assertTrue(ended.error().contains("no active session for " + sessionId), ended.error());
        assertTrue(endedMillis < 15_000, "the build ended " + endedMillis + " ms after close");
        assertTrue(services.secretsAsked.isEmpty(), "the secret was asked after close: " + services.secretsAsked);
    }

    /**
     * A connection the engine ends (here: this side stops sending, so the engine's HTTP/2 client sees EOF and hangs
     * up) ends the pump by itself, without a stack trace (the suite fails on any), and close() afterwards is harmless.
     */
    @Test
    void aConnectionTheEngineEndsEndsTheSessionQuietly() throws Exception {
        SocketChannel engine = EngineWire.connect();
        BuildSession session = BuildSession.open(engine, EngineWire.API, new RecordingServices());
        engine.shutdownOutput();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (session.serving() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(session.serving(), "the pump still runs after the engine hung up");
        session.close();
    }

    /** A Dockerfile whose RUN succeeds only when the secret's SHA-256 is {@code sha256}; unique, so never cached. */
    private static String checksSecret(String id, String sha256) {
        return "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN --mount=type=secret,id=" + id + ",required=true echo " + UUID.randomUUID() + " >/dev/null"
                + " && echo \"" + sha256 + "  /run/secrets/" + id + "\" | busybox sha256sum -c -s -\n";
    }

    private static String tag() {
        String tag = "ecs-deploy-test/session:" + UUID.randomUUID();
        TAGS.add(tag);
        return tag;
    }

    private static String sha256(byte[] value) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    }
}
