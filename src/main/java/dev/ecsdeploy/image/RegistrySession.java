package dev.ecsdeploy.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.StepFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.ecsdeploy.image.engine.session.SessionServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * This run's login to its ECR registry: opened before the build (so a Dockerfile can start FROM an image in the same
 * registry, and the build can read the cache from the last pushed image) and closed after the push, so no credential
 * outlives the run or touches the user's own Docker config. Through a Docker CLI it is a private Docker config
 * directory ({@code docker login} into it, {@code docker logout} and the directory deleted at the end); through the
 * Engine API the credentials are held in memory and forgotten at the end. Either starts from the user's {@code auths}
 * (other registries the build may pull from; the CLI's config also their {@code proxies}), never their credential
 * helpers, which might claim the ECR host.
 */
public final class RegistrySession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageEngine engine;
    private final Path directory;
    private final String host;
    private boolean loggedIn;

    private RegistrySession(ImageEngine engine, Path directory, String host) {
        this.engine = engine;
        this.directory = directory;
        this.host = host;
    }

    /** Logs in through a Docker CLI (transient failures retried); a refusal is a {@link StepFailedException}. */
    public static RegistrySession open(DockerCli base, Map<String, String> env, String host, EcrLogin login,
                                       RegistryRetry retry) {
        return open(new CliImageEngine(base), env, host, login, retry);
    }

    /** Logs in through either engine (transient failures retried); a refusal is a {@link StepFailedException}. */
    static RegistrySession open(ImageEngine base, Map<String, String> env, String host, EcrLogin login,
                                RegistryRetry retry) {
        Cancellation cancellation = retry.cancellation();
        String seed = seed(userConfig(env));
        RegistrySession session = switch (base) {
            case CliImageEngine cli -> {
                try {
                    Path directory = Files.createTempDirectory("ecs-deploy-docker-config",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    if (seed != null) {
                        Files.writeString(directory.resolve("config.json"), seed);
                    }
                    yield new RegistrySession(cli.withConfig(directory), directory, host);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot make a private Docker config directory", e);
                }
            }
            case ApiImageEngine api -> new RegistrySession(api.withCredentials(credentials(seed),
                    proxyBuildArgs(seed)), null, host);
        };
        DockerOutput result = retry.run("docker login " + host, () -> session.engine.login(host, login,
                cancellation));
        if (!result.ok()) {
            session.close();
            if (cancellation.isCancelled()) {
                // The login was stopped, not refused: its last line is how it was stopped.
                throw new StepFailedException(DeploymentStatus.CANCELLED, "Cancelled (" + cancellation.reason()
                        + ") while logging in to " + host, Annotation.titled("Run cancelled"), null);
            }
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

    /** The engine logged in with this session's credentials. */
    ImageEngine engine() {
        return engine;
    }

    public String host() {
        return host;
    }

    /** The private Docker config directory of a CLI session (gone once closed), or null through the API. */
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

    /**
     * The logins in a seed's {@code auths} ({@code auth}: base64 of {@code user:password}, or {@code username} and
     * {@code password}), by host as written; identity tokens and unreadable entries are left out.
     */
    static Map<String, SessionServices.RegistryCredential> credentials(String seedJson) {
        Map<String, SessionServices.RegistryCredential> credentials = new LinkedHashMap<>();
        if (seedJson == null) {
            return credentials;
        }
        try {
            JSON.readTree(seedJson).path("auths").properties().forEach(entry -> {
                var auth = entry.getValue();
                String username = auth.path("username").asText("");
                String password = auth.path("password").asText("");
                if (auth.hasNonNull("auth")) {
                    try {
                        String decoded = new String(Base64.getDecoder().decode(auth.get("auth").asText().trim()),
                                StandardCharsets.UTF_8);
                        int colon = decoded.indexOf(':');
                        if (colon > 0) {
                            username = decoded.substring(0, colon);
                            password = decoded.substring(colon + 1);
                        }
                    } catch (IllegalArgumentException ignored) {
                        // not base64: the entry is skipped, as the CLI would fail to use it
                    }
                }
                if (!username.isEmpty() && !password.isEmpty()) {
                    credentials.put(entry.getKey(), new SessionServices.RegistryCredential(username, password));
                }
            });
        } catch (IOException ignored) {
            // an unreadable config is the user's business; the run logs in on its own
        }
        return credentials;
    }

    /**
     * The build args a Docker CLI adds from its config's {@code proxies.default} (each of HTTP_PROXY, HTTPS_PROXY,
     * NO_PROXY, FTP_PROXY, ALL_PROXY that is set, upper and lower case), so a build behind a proxy works through the
     * API as it does through the CLI. Build args the user gives win.
     */
    static Map<String, String> proxyBuildArgs(String seedJson) {
        Map<String, String> args = new LinkedHashMap<>();
        if (seedJson == null) {
            return args;
        }
        try {
            var proxies = JSON.readTree(seedJson).path("proxies").path("default");
            for (String name : List.of("httpProxy", "httpsProxy", "noProxy", "ftpProxy", "allProxy")) {
                String value = proxies.path(name).asText("");
                if (!value.isEmpty()) {
                    String variable = name.substring(0, name.length() - "Proxy".length()).toUpperCase(
                            java.util.Locale.ROOT) + "_PROXY";
                    args.put(variable, value);
                    args.put(variable.toLowerCase(java.util.Locale.ROOT), value);
                }
            }
        } catch (IOException ignored) {
            // an unreadable config is the user's business
        }
        return args;
    }

    @Override
    public void close() {
        switch (engine) {
            case CliImageEngine cli -> {
                if (loggedIn) {
                    cli.logout(host);
                }
            }
            case ApiImageEngine api -> api.forgetCredentials();
        }
        loggedIn = false;
        if (directory == null) {
            return;
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
