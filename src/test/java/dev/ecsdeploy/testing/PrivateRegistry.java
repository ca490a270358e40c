package dev.ecsdeploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

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

/**
 * A second {@code docker-registry} on a loopback port that wants basic auth (htpasswd), for what the loopback registry
 * of {@link DockerEngine} cannot show: that credentials reach the registry. The engine speaks plain HTTP to it, as to
 * every 127.0.0.0/8 registry. Stopped with {@link #close}.
 */
public final class PrivateRegistry implements AutoCloseable {
    public static final String USER = "private-user";
    public static final String PASSWORD = "session-password-7f3a";
    /** bcrypt (cost 4) of {@link #PASSWORD}: the registry's htpasswd accepts only bcrypt. */
    private static final String PASSWORD_BCRYPT = "$2b$04$NAmb6s7YtAnmg385/i7gKOfvSNgHeQb.3WBFlfRWEINaTh/uasIEi";

    private final Process process;
    private final String host;
    private final Path dir;

    private PrivateRegistry(Process process, String host, Path dir) {
        this.process = process;
        this.host = host;
        this.dir = dir;
    }

    public static PrivateRegistry start(Path dir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
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
                    realm: private-test
                    path: %s
                """.formatted(dir.resolve("storage"), host, dir.resolve("htpasswd")));
        Process process = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("registry.yml")
                .toString()).redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        PrivateRegistry registry = new PrivateRegistry(process, host, dir);
        registry.awaitUnauthorized();
        return registry;
    }

    public String host() {
        return host;
    }

    /** A new tag of {@link DockerEngine#BASE_IMAGE} in this registry, pushed by the CLI with a login of its own. */
    public String pushBase() throws IOException {
        String image = host + "/base:" + UUID.randomUUID();
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        DockerEngine.Exec login = DockerEngine.exec(List.of(DockerEngine.CLI, "--config", config.toString(), "login",
                "--username", USER, "--password-stdin", host), PASSWORD);
        assertEquals(0, login.exitCode(), login.output());
        assertEquals(0, DockerEngine.docker("tag", DockerEngine.BASE_IMAGE, image).exitCode());
        DockerEngine.Exec push = DockerEngine.exec(List.of(DockerEngine.CLI, "--config", config.toString(), "push",
                image), null);
        assertEquals(0, push.exitCode(), push.output());
        DockerEngine.docker("rmi", image);
        return image;
    }

    /** The tags of a repository, asked with the credentials. */
    public String tags(String repository) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"
                        + repository + "/tags/list")).header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private void awaitUnauthorized() throws Exception {
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
