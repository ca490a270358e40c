package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionProcess;
import dev.ecsdeploy.testing.DockerEngine;
import dev.ecsdeploy.testing.StackTraces;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The workflow is cancelled while the action logs in to a registry that never answers (a host whose registry hangs):
 * the login must stop at the runner's SIGTERM, not wait out its own timeout past the runner's kill, and the run must
 * end CANCELLED, not as a failed login.
 */
class LoginCancellationTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void sigtermWhileLoggingInToASilentRegistryEndsCancelled(ImagePath path) throws Exception {
        DockerEngine.require();
        Path workspace = Files.createDirectories(temp.resolve("workspace"));
        Files.writeString(workspace.resolve("package.json"), "{\"version\": \"1.0.0\"}\n");
        Files.writeString(workspace.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n");
        try (SilentRegistry registry = new SilentRegistry();
             Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withRegistry(registry.host())
                     .withTimeScale(0.05));
             ActionProcess action = ActionProcess.start(temp, sandbox.endpoint(), List.of("deploy",
                     "--ecr-repository", "login-cancel", "--create-repository", "--cluster", "demo",
                     "--service", "web"), workspace, Map.of(DockerCli.EXECUTABLE_VARIABLE, path.dockerVariable()))) {
            action.waitFor(() -> registry.accepted() > 0, Duration.ofSeconds(60));
            double seconds = action.terminateAndWait(10); // SIGTERM, as the runner sends on cancellation
            String log = action.log();

            assertTrue(seconds >= 0, "exits within 10 s of SIGTERM\n" + log);
            System.out.printf("SIGTERM during the login (%s) to exit: %.2f s%n", path, seconds);
            assertEquals(1, action.process().exitValue(), log);
            StackTraces.assertNone(log);
            assertEquals("CANCELLED", action.outputs().get("deployment-status"), log);
            assertTrue(log.contains("::error title=Run cancelled::Cancelled (SIGTERM) while logging in to "
                    + registry.host()), log);
            assertTrue(!log.contains("Logging in to " + registry.host() + " failed"), log);
        }
    }

    /** A registry host that takes connections and never says a word, as one behind a dead proxy does. */
    private static final class SilentRegistry implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();

        SilentRegistry() throws java.io.IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(server.accept());
                        accepted.incrementAndGet();
                    }
                } catch (java.io.IOException closed) {
                    // closed with the test
                }
            });
        }

        String host() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
