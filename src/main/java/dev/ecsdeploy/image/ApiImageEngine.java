package dev.ecsdeploy.image;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.image.engine.ContextArchive;
import dev.ecsdeploy.image.engine.DockerEngineApi;
import dev.ecsdeploy.image.engine.EngineException;
import dev.ecsdeploy.image.engine.EngineHttp;
import dev.ecsdeploy.image.engine.BuildParameters;
import dev.ecsdeploy.image.engine.session.SessionServices;
import dev.ecsdeploy.pipeline.Cancellation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The image steps through the Docker engine's API ({@link DockerEngineApi}): builds with the engine's own BuildKit
 * (the cache as {@link BuildCache.Engine#BUILTIN} says), registry credentials held in memory for this run instead of
 * a Docker config directory, and build secrets answered from their sources through the build's BuildKit session.
 */
final class ApiImageEngine implements ImageEngine {
    // Only the end of a long build is needed to explain a failure; the rest has been streamed to the log already.
    private static final int KEPT_LINES = 400;

    private final DockerEngineApi api;
    /** This run's registry logins, by host as {@link #hostKey} writes it; emptied when the session closes. */
    private final Map<String, SessionServices.RegistryCredential> credentials;
    /** The proxy build args a CLI would add from the user's Docker config ({@link RegistrySession#proxyBuildArgs}). */
    private final Map<String, String> proxyBuildArgs;

    ApiImageEngine(DockerEngineApi api) {
        this(api, new ConcurrentHashMap<>(), Map.of());
    }

    private ApiImageEngine(DockerEngineApi api, Map<String, SessionServices.RegistryCredential> credentials,
                           Map<String, String> proxyBuildArgs) {
        this.api = api;
        this.credentials = credentials;
        this.proxyBuildArgs = Map.copyOf(proxyBuildArgs);
    }

    /**
     * The same engine with its own store of registry credentials, starting with {@code seed}, and the proxy build
     * args of the user's Docker config.
     */
    ApiImageEngine withCredentials(Map<String, SessionServices.RegistryCredential> seed,
                                   Map<String, String> proxyBuildArgs) {
        Map<String, SessionServices.RegistryCredential> store = new ConcurrentHashMap<>();
        seed.forEach((host, credential) -> store.put(hostKey(host), credential));
        return new ApiImageEngine(api, store, proxyBuildArgs);
    }

    /** Forgets every credential this engine holds. */
    void forgetCredentials() {
        credentials.clear();
    }

    /** Whether a credential for {@code host} is held (for tests and the log: never the credential itself). */
    boolean holdsCredentialFor(String host) {
        return credentials.containsKey(hostKey(host));
    }

    @Override
    public Checked check() {
        DockerEngineApi.Version version;
        try {
            version = api.version();
        } catch (EngineException e) {
            throw CheckDockerStep.engineDoesNotAnswer(e.getMessage());
        }
        String refusal = DockerEngineApi.refusal(version);
        if (refusal != null) {
            throw new BadInputException(null, refusal + ".");
        }
        return new Checked("engine " + version.version() + " (API " + version.apiVersion() + ", through "
                + api.address().describe() + ")", BuildCache.Engine.BUILTIN);
    }

    @Override
    public String buildxDriver() {
        return null; // the engine's built-in BuildKit has no buildx builders
    }

    @Override
    public DockerOutput login(String host, EcrLogin login, Cancellation cancellation) {
        try {
            api.checkLogin(host, login.username(), login.password(), cancellation);
        } catch (EngineException e) {
            return new DockerOutput(1, List.of("Error response from daemon: " + e.getMessage()));
        }
        credentials.put(hostKey(host), new SessionServices.RegistryCredential(login.username(), login.password()));
        return new DockerOutput(0, List.of("Login Succeeded"));
    }

    @Override
    public Built build(ImageBuild build, Consumer<String> lines, Cancellation cancellation) {
        KeptLines kept = new KeptLines(lines);
        boolean remote = build.context().contains("://") || build.context().startsWith("git@");
        String dockerfileName;
        EngineHttp.Body body = null;
        if (remote) {
            dockerfileName = build.dockerfileDisplay();
        } else {
            Path context = Path.of(build.context());
            try {
                dockerfileName = ContextArchive.dockerfileName(context, build.dockerfile());
            } catch (IOException e) {
                return new Built(kept.failed("ERROR: cannot read the Dockerfile " + build.dockerfileDisplay() + ": "
                        + e.getMessage()), null);
            }
            body = out -> {
                String written = ContextArchive.write(context, build.dockerfile(), out);
                if (!dockerfileName.equals(written)) {
                    throw new IOException("the build context names the Dockerfile " + written + ", the build asked"
                            + " for " + dockerfileName);
                }
            };
        }
        Map<String, String> buildArgs = new LinkedHashMap<>(build.buildArgs());
        proxyBuildArgs.forEach(buildArgs::putIfAbsent);
        if (build.cache().exports().stream().anyMatch(spec -> "inline".equals(spec.type()))) {
            String[] inline = BuildCache.INLINE_CACHE_ARG.split("=", 2);
            buildArgs.put(inline[0], inline[1]);
        }
        List<String> cacheFrom = build.cache().sources(build.previousImages()).stream()
                .map(spec -> spec.ref() != null ? spec.ref() : spec.canonical()).toList();
        BuildParameters parameters = new BuildParameters(dockerfileName, remote ? build.context() : null,
                build.references(), build.target(), build.platform(), build.noCache(), buildArgs, build.labels(),
                cacheFrom, null, null);
        SessionServices services = build.secrets().isEmpty() && credentials.isEmpty() ? null
                : new Services(build.secrets(), build.secretEnvironment());
        DockerEngineApi.StreamEnd end;
        try {
            end = api.build(parameters, body, services, kept, cancellation);
        } catch (EngineException e) {
            return new Built(kept.failed("ERROR: " + e.getMessage()), null);
        }
        if (end.cancelled()) {
            return new Built(new DockerOutput(130, kept.lines()), null);
        }
        if (end.error() != null) {
            return new Built(kept.failed("ERROR: " + end.error()), null);
        }
        String imageId = end.imageId();
        if (imageId == null) {
            try {
                imageId = api.imageId(build.references().getFirst());
            } catch (EngineException e) {
                return new Built(kept.failed("ERROR: the build ended but " + build.references().getFirst()
                        + " cannot be found: " + e.getMessage()), null);
            }
        }
        return new Built(new DockerOutput(0, kept.lines()), imageId);
    }

    @Override
    public DockerOutput push(String reference, Consumer<String> lines, Cancellation cancellation) {
        KeptLines kept = new KeptLines(lines);
        SessionServices.RegistryCredential credential = credentials.get(hostKey(
                DockerEngineApi.registryHost(reference)));
        try {
            DockerEngineApi.StreamEnd end = api.push(reference, credential, kept, cancellation);
            if (end.cancelled()) {
                return new DockerOutput(130, kept.lines());
            }
            return end.error() == null ? new DockerOutput(0, kept.lines()) : kept.failed(end.error());
        } catch (EngineException e) {
            return kept.failed(e.getMessage());
        }
    }

    /**
     * A registry host as the credentials are kept: lower case, no scheme or path, and Docker Hub's several names as
     * one ({@code https://index.docker.io/v1/} in a Docker config, {@code registry-1.docker.io} from BuildKit).
     */
    static String hostKey(String host) {
        String key = host.trim().toLowerCase(Locale.ROOT);
        int scheme = key.indexOf("://");
        if (scheme >= 0) {
            key = key.substring(scheme + 3);
        }
        int slash = key.indexOf('/');
        if (slash >= 0) {
            key = key.substring(0, slash);
        }
        return switch (key) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
            default -> key;
        };
    }

    /** What the build's BuildKit session answers: this run's registry logins, and the secrets from their sources. */
    private final class Services implements SessionServices {
        private final Map<String, ImageResults.SecretSource> secrets = new LinkedHashMap<>();
        private final Map<String, String> secretEnvironment;

        Services(List<ImageResults.SecretSource> secrets, Map<String, String> secretEnvironment) {
            secrets.forEach(secret -> this.secrets.put(secret.secret().id(), secret));
            this.secretEnvironment = secretEnvironment;
        }

        @Override
        public RegistryCredential credentials(String host) {
            return credentials.get(hostKey(host));
        }

        @Override
        public byte[] secret(String id) {
            ImageResults.SecretSource source = secrets.get(id);
            if (source == null) {
                return null;
            }
            if (source.secret().env() != null) {
                String value = secretEnvironment.get(source.secret().env());
                return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            }
            try {
                return Files.readAllBytes(Path.of(source.file()));
            } catch (IOException e) {
                return null; // the build then fails on the missing secret, naming its id, never its value
            }
        }
    }

    /** Passes lines on and keeps the last ones, as {@link DockerCli} does for a command's output. */
    private static final class KeptLines implements Consumer<String> {
        private final Consumer<String> next;
        private final Deque<String> kept = new ArrayDeque<>();

        KeptLines(Consumer<String> next) {
            this.next = next;
        }

        @Override
        public synchronized void accept(String line) {
            next.accept(line);
            keep(line);
        }

        private void keep(String line) {
            kept.addLast(line);
            if (kept.size() > KEPT_LINES) {
                kept.removeFirst();
            }
        }

        synchronized List<String> lines() {
            return List.copyOf(new ArrayList<>(kept));
        }

        /** A failed result ending with {@code error}, printed (as the CLI prints it) unless it already was. */
        synchronized DockerOutput failed(String error) {
            String bare = error.startsWith("ERROR: ") ? error.substring("ERROR: ".length()) : error;
            if (kept.stream().noneMatch(line -> line.contains(bare))) {
                accept(error);
            }
            return new DockerOutput(1, lines());
        }
    }
}
