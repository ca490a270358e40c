package dev.ecsdeploy.image.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.testing.DockerEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Engine API client against the real engine (scripts/start-docker), with build contexts tarred by the test. */
class DockerEngineApiTest {
    private static final DockerEngineApi API = new DockerEngineApi(EngineAddress.from(Map.of()));

    @TempDir
    Path temp;

    @BeforeAll
    static void engine() {
        DockerEngine.require();
        DockerEngine.busyboxBase();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "20.10.24+dfsg1 | 1.41 | linux   | NULL",
            "28.2.2         | 1.50 | linux   | NULL",
            "2.0.0          | 2.0  | linux   | NULL",
            "19.03.15       | 1.40 | linux   | speaks API 1.40, older than the 1.41 (Docker 20.10)",
            "28.2.2         | 1.50 | windows | runs windows containers; an ECS image for Linux needs a Linux engine",
            "28.2.2         | ''   | linux   | does not say its API version",
    })
    void onlyALinuxEngineWithApi141OrNewerIsUsed(String version, String api, String os, String refusal) {
        String said = DockerEngineApi.refusal(new DockerEngineApi.Version(version, api, os));
        if (refusal == null) {
            assertNull(said);
        } else {
            assertTrue(said != null && said.contains(refusal), said);
        }
    }

    @Test
    void theEngineSaysItsVersionAndTheActionCanBuildOnIt() throws Exception {
        DockerEngineApi.Version version = API.version();
        assertEquals("linux", version.os());
        assertTrue(version.version().startsWith("20.10") || !version.version().isEmpty(), version.toString());
        assertNull(DockerEngineApi.refusal(version), version.toString());
    }

    @Test
    void loginIsCheckedByTheEngineAndAnUnreachableRegistryIsAnError() throws Exception {
        API.checkLogin(DockerEngine.REGISTRY, "AWS", "not-checked-by-this-registry", null);
        EngineException refused = assertThrows(EngineException.class, () -> API.checkLogin("127.0.0.1:1", "AWS",
                "password-for-nowhere", null));
        assertTrue(refused.getMessage().contains("connection refused"), refused.getMessage());
        assertFalse(refused.getMessage().contains("password-for-nowhere"), "no password in the error");
    }

    @Test
    void aStreamedContextBuildsTagsTheImageAndNamesItsId() throws Exception {
        String tag = "ecs-deploy-test/api-build:" + UUID.randomUUID().toString().substring(0, 8);
        Path context = Files.createDirectories(temp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "ARG GREETING\nCOPY hello.txt /hello.txt\nRUN echo \"$GREETING from $(cat /hello.txt)\" > /out\n");
        Files.writeString(context.resolve("hello.txt"), "the context\n");
        Map<String, String> args = new LinkedHashMap<>();
        args.put("GREETING", "hi & bye");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try {
            DockerEngineApi.StreamEnd end = API.build(new BuildParameters("Dockerfile", null, List.of(tag), null,
                    "linux/amd64", true, args, Map.of("org.example.test", "yes"), List.of(), null, null),
                    out -> tar(context, out), null, lines::add, new Cancellation());

            assertTrue(end.ok(), end + "\n" + String.join("\n", lines));
            assertNotNull(end.imageId());
            assertTrue(end.imageId().startsWith("sha256:"), end.imageId());
            assertEquals(end.imageId(), API.imageId(tag));
            assertEquals("hi & bye from the context", DockerEngine.docker("run", "--rm", tag, "cat", "/out")
                    .output().trim());
            assertEquals("yes", DockerEngine.docker("image", "inspect", "--format",
                    "{{index .Config.Labels \"org.example.test\"}}", tag).output().trim());
            assertTrue(lines.stream().anyMatch(line -> line.matches("#\\d+ \\[2/3] COPY hello.txt /hello.txt")),
                    String.join("\n", lines));
        } finally {
            DockerEngine.docker("rmi", "--force", tag);
        }
    }

    @Test
    void aFailingStepEndsTheBuildWithItsError() throws Exception {
        Path context = Files.createDirectories(temp.resolve("broken"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN echo about to fail && exit 7\n");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        DockerEngineApi.StreamEnd end = API.build(new BuildParameters("Dockerfile", null, List.of(), null, null,
                true, Map.of(), Map.of(), List.of(), null, null), out -> tar(context, out), null, lines::add,
                new Cancellation());
        assertFalse(end.ok());
        assertTrue(end.error().contains("exit code: 7"), end.error());
        assertTrue(lines.stream().anyMatch(line -> line.contains("about to fail")), String.join("\n", lines));
    }

    @Test
    void aCancelledBuildEndsAtOnceAndItsStepIsStopped() throws Exception {
        String sleep = "sleep " + (600 + (int) (Math.random() * 300));
        Path context = Files.createDirectories(temp.resolve("slow"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN echo slow-step-started && " + sleep + "\n");
        Cancellation cancellation = new Cancellation();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread.ofVirtual().start(() -> {
            while (!cancellation.isCancelled()) {
                synchronized (lines) {
                    if (lines.stream().anyMatch(line -> line.contains("slow-step-started"))) {
                        break;
                    }
                }
                cancellation.sleep(java.time.Duration.ofMillis(50));
            }
            cancellation.cancel("SIGTERM");
        });
        long[] cancelledAt = new long[1];
        DockerEngineApi.StreamEnd end = API.build(new BuildParameters("Dockerfile", null, List.of(), null, null,
                true, Map.of(), Map.of(), List.of(), null, null), out -> tar(context, out), null, line -> {
                    lines.add(line);
                    if (cancellation.isCancelled() && cancelledAt[0] == 0) {
                        cancelledAt[0] = System.nanoTime();
                    }
                }, cancellation);
        long returned = System.nanoTime();
        assertTrue(end.cancelled(), end + "\n" + String.join("\n", lines));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (running(sleep) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(running(sleep), "the build's step still runs 10 s after the build was cancelled");
        System.out.printf("cancelled build returned; its step stopped %.2f s later%n",
                (System.nanoTime() - returned) / 1e9);
    }

    @Test
    void aRemoteContextIsFetchedByTheEngineItself() throws Exception {
        String tag = "ecs-deploy-test/api-remote:" + UUID.randomUUID().toString().substring(0, 8);
        Path context = Files.createDirectories(temp.resolve("remote"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "COPY note.txt /note.txt\n");
        Files.writeString(context.resolve("note.txt"), "fetched by the engine\n");
        java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
        tar(context, tar);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/context.tar", exchange -> {
            exchange.sendResponseHeaders(200, tar.size());
            try (var body = exchange.getResponseBody()) {
                tar.writeTo(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/context.tar";
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            DockerEngineApi.StreamEnd end = API.build(new BuildParameters("Dockerfile", url, List.of(tag), null,
                    null, true, Map.of(), Map.of(), List.of(), null, null), null, null, lines::add,
                    new Cancellation());
            assertTrue(end.ok(), end + "\n" + String.join("\n", lines));
            assertEquals("fetched by the engine", DockerEngine.docker("run", "--rm", tag, "cat", "/note.txt")
                    .output().trim());
        } finally {
            server.stop(0);
            DockerEngine.docker("rmi", "--force", tag);
        }
    }

    @Test
    void aPlainTcpEngineIsSpokenToTheSameWay() throws Exception {
        // The engine listens on its unix socket only; a relay in the test gives it a tcp:// address.
        try (var relay = java.nio.channels.ServerSocketChannel.open()) {
            relay.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            Thread.ofVirtual().start(() -> {
                while (relay.isOpen()) {
                    try {
                        var client = relay.accept();
                        var engine = EngineAddress.from(Map.of()).connect(java.time.Duration.ofSeconds(2));
                        Thread.ofVirtual().start(() -> pipe(client, engine));
                        Thread.ofVirtual().start(() -> pipe(engine, client));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            int port = ((java.net.InetSocketAddress) relay.getLocalAddress()).getPort();
            DockerEngineApi tcp = new DockerEngineApi(EngineAddress.from(Map.of("DOCKER_HOST",
                    "tcp://127.0.0.1:" + port)));
            assertEquals(API.version(), tcp.version());
            tcp.checkLogin(DockerEngine.REGISTRY, "AWS", "not-checked-by-this-registry", null);
        }
    }

    private static void pipe(java.nio.channels.SocketChannel from, java.nio.channels.SocketChannel to) {
        var buffer = java.nio.ByteBuffer.allocate(16 * 1024);
        try (from; to) {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException ignored) {
            // one side closed: the relay of this connection is over
        }
    }

    /** The context as a tar, by the system's tar (the action's own archive is ContextArchive's, tested there). */
    private static void tar(Path context, java.io.OutputStream out) throws IOException {
        Process process = new ProcessBuilder("tar", "-C", context.toString(), "-cf", "-", ".").start();
        try (var in = process.getInputStream()) {
            in.transferTo(out);
        }
        try {
            if (process.waitFor() != 0) {
                throw new IOException("tar failed");
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    static boolean running(String commandLine) {
        return ProcessHandle.allProcesses().anyMatch(handle -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(handle.pid()), "cmdline"))
                        .replace('\0', ' ').strip().equals(commandLine);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }
}
