package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSM Parameter Store references checked through the real SDK client against moto's SSM (an implementation written
 * apart from ours), the rest of AWS being the sandbox: the sandbox has no SSM yet. Needs {@code moto_server} on the
 * PATH (moto 5.2.1 on the development machine); skipped without it. moto's GetParameters does not resolve parameter
 * ARNs (AWS's does), so an existing parameter is referenced here by name only.
 */
class SsmSecretsAgainstMotoTest {
    @TempDir
    Path temp;
    private Sandbox sandbox;
    private Process moto;
    private URI motoEndpoint;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(onPath("moto_server"), "moto_server is not installed");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(temp.resolve("moto.log").toFile()).start();
        motoEndpoint = URI.create("http://127.0.0.1:" + port);
        waitForPort(port);
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
        try (AwsClients aws = new AwsClients("us-east-1", Map.of("AWS_ENDPOINT_URL", motoEndpoint.toString(),
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"))) {
            aws.ssm().putParameter(r -> r.name("/web/db-url").value("postgres://db.internal/web").type("SecureString"));
        }
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (moto != null) {
            moto.destroy();
        }
    }

    @Test
    void aMissingParameterByNameOrArnOrANameWithSpacesIsRefusedAndAnExistingOneIsNot() {
        ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .env("AWS_ENDPOINT_URL_SSM", motoEndpoint.toString())
                .input("task-definition", "apps/web1/task-definition.json")
                .input("secrets", "DB_URL=/web/db-url\nNOPE=arn:aws:ssm:us-east-1:123456789012:parameter/nope"
                        + "\nBARE=nope-bare\nSPACED=/web/db url")
                .run();

        assertEquals(2, run.exitCode(), run.toString());
        List<String> errors = run.annotations("error");
        assertEquals(3, errors.size(), String.join("\n", errors));
        assertTrue(errors.stream().allMatch(line -> line.contains("Invalid input secrets")), errors.toString());
        assertEquals(2, errors.stream().filter(line -> line.contains("SSM Parameter Store has no such parameter"))
                .count(), errors.toString());
        assertTrue(errors.stream().anyMatch(line -> line.contains("secret SPACED = /web/db url: an SSM parameter name"
                + " has no spaces")), errors.toString());
        assertTrue(errors.stream().anyMatch(line -> line.contains("secret NOPE = arn:aws:ssm:")), errors.toString());
        assertTrue(errors.stream().anyMatch(line -> line.contains("secret BARE = nope-bare")), errors.toString());
        // ::add-mask:: lines are how the runner learns what to hide; it never shows them.
        assertEquals(List.of(), run.log().lines().filter(line -> !line.startsWith("::add-mask::"))
                .filter(line -> line.contains("postgres://db.internal/web")).toList(), "a value never reaches the log");
        List<String> operations = sandbox.auditEntries().stream().map(e -> e.path("operation").asText()).toList();
        assertTrue(!operations.contains("RegisterTaskDefinition") && !operations.contains("UpdateService"),
                operations.toString());
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("moto_server did not open port " + port);
    }
}
