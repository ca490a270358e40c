package dev.ecsdeploy.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.StepFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * This run's login to its ECR registry, in a private Docker config directory: opened before the build (so a
 * Dockerfile can start FROM an image in the same registry) and closed after the push with {@code docker logout} and
 * the directory deleted, so no credential outlives the run or touches the user's own Docker config. The private
 * config starts from the user's {@code auths} and {@code proxies} (other registries the build may pull from), never
 * their credential helpers, which might claim the ECR host.
 */
public final class RegistrySession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final DockerCli docker;
    private final String host;
    private boolean loggedIn;

    private RegistrySession(Path directory, DockerCli docker, String host) {
        this.directory = directory;
        this.docker = docker;
        this.host = host;
    }

    /** Logs in (transient failures retried); a refusal is a {@link StepFailedException}. */
    public static RegistrySession open(DockerCli base, Map<String, String> env, String host, EcrLogin login,
                                       RegistryRetry retry, Cancellation cancellation) {
        RegistrySession session;
        try {
            Path directory = Files.createTempDirectory("ecs-deploy-docker-config",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String seed = seed(userConfig(env));
            if (seed != null) {
                Files.writeString(directory.resolve("config.json"), seed);
            }
            session = new RegistrySession(directory, base.withEnvironment(Map.of("DOCKER_CONFIG",
                    directory.toString())), host);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make a private Docker config directory", e);
        }
        DockerCli.Result result = retry.run("docker login " + host, () -> session.docker.run(
                List.of("login", "--username", login.username(), "--password-stdin", host), login.password(),
                line -> { }, cancellation));
        if (!result.ok()) {
            session.close();
            String reason = "Logging in to " + host + " failed: " + result.lastLine();
            if (PushResults.classify(result.lines()) == PushResults.Failure.AUTH) {
                reason += ". The credentials need ecr:GetAuthorizationToken.";
            }
            throw new StepFailedException(DeploymentStatus.FAILED, reason, Annotation.titled("Registry login failed"),
                    null);
        }
        session.loggedIn = true;
        return session;
    }

    /** The CLI using this session's config. */
    public DockerCli docker() {
        return docker;
    }

    public String host() {
        return host;
    }

    /** The private Docker config directory (gone once closed). */
    Path directory() {
        return directory;
    }

    /** The user's Docker config file, as the CLI would find it, or null. */
    private static Path userConfig(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        if (dir == null || dir.isBlank()) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            dir = home == null ? null : Path.of(home, ".docker").toString();
        }
        Path file = dir == null ? null : Path.of(dir, "config.json");
        return file != null && Files.isRegularFile(file) ? file : null;
    }

    /** The part of the user's config worth keeping: {@code auths} and {@code proxies}; null when there is none. */
    static String seed(Path userConfig) {
        if (userConfig == null) {
            return null;
        }
        try {
            return seed(Files.readString(userConfig));
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable config is the user's business; the run logs in on its own
        }
    }

    static String seed(String userConfigJson) throws IOException {
        var user = JSON.readTree(userConfigJson);
        ObjectNode kept = JSON.createObjectNode();
        for (String field : List.of("auths", "proxies")) {
            if (user.has(field) && user.get(field).isObject()) {
                kept.set(field, user.get(field));
            }
        }
        return kept.isEmpty() ? null : JSON.writeValueAsString(kept);
    }

    @Override
    public void close() {
        if (loggedIn) {
            docker.run(List.of("logout", host));
            loggedIn = false;
        }
        try (Stream<Path> paths = Files.exists(directory) ? Files.walk(directory) : Stream.empty()) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
    }
}
