package dev.ecsdeploy.image;

import dev.ecsdeploy.image.engine.DockerEngineApi;
import dev.ecsdeploy.image.engine.EngineAddress;
import dev.ecsdeploy.pipeline.Cancellation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How the image steps reach the Docker engine: its API, spoken by the action itself (the default: the runner mounts
 * its Docker socket into container actions, so no Docker CLI is needed), or a Docker CLI when
 * {@value DockerCli#EXECUTABLE_VARIABLE} names one (the way to buildx caches: gha, local, {@code mode=max}). Both
 * log the same lines and fail the same way; what a command printed comes back as a {@link DockerOutput}.
 */
sealed interface ImageEngine permits CliImageEngine, ApiImageEngine {

    /**
     * The engine for a run: the CLI named by {@value DockerCli#EXECUTABLE_VARIABLE}, else the API at
     * {@code DOCKER_HOST}. An address the API cannot speak is an {@link EngineAddress.UnsupportedAddressException}.
     */
    static ImageEngine forEnvironment(Map<String, String> env) {
        String cli = env.get(DockerCli.EXECUTABLE_VARIABLE);
        if (cli != null && !cli.isBlank()) {
            return new CliImageEngine(DockerCli.forEnvironment(env));
        }
        return new ApiImageEngine(new DockerEngineApi(EngineAddress.from(env)));
    }

    /** The engine as checked: how it is described in the log, and how it builds (which caches it can use). */
    record Checked(String description, BuildCache.Engine kind) {
    }

    /** The engine's version; a {@code BadInputException} (exit 2) when it does not answer or cannot build. */
    Checked check();

    /** The current buildx builder's driver ("docker", "docker-container", ...), or null when it cannot be told. */
    String buildxDriver();

    /** {@code docker login}: the credentials tried on the registry and kept for this engine's builds and pushes. */
    DockerOutput login(String host, EcrLogin login, Cancellation cancellation);

    /** A finished build: what it printed (the exit code says whether it succeeded) and the image id when it did. */
    record Built(DockerOutput result, String imageId) {
    }

    /** Builds; every line of progress goes to {@code lines} as it arrives. */
    Built build(ImageBuild build, Consumer<String> lines, Cancellation cancellation);

    /** {@code docker push reference}; every line of progress goes to {@code lines}. */
    DockerOutput push(String reference, Consumer<String> lines, Cancellation cancellation);

    /**
     * One build, as the steps decided it: the same on both paths ({@link BuildCommand} is the CLI's form of it).
     *
     * @param dockerfileDisplay the Dockerfile as the input gave it (its path in a remote context)
     * @param secrets           the build secrets and where their values are
     * @param secretEnvironment the values of the {@code env=} secrets, by variable name (never logged)
     * @param cache             the layer cache to read and write
     * @param previousImages    the cache's default sources: the images the last run pushed
     */
    record ImageBuild(Path dockerfile, String dockerfileDisplay, String context, String platform, String target, boolean noCache,
                      Map<String, String> buildArgs, List<ImageResults.SecretSource> secrets,
                      Map<String, String> secretEnvironment, Map<String, String> labels, List<String> references,
                      BuildCache cache, List<String> previousImages) {
        @Override
        public String toString() {
            return "ImageBuild[" + dockerfile + " in " + context + " as " + references + "]";
        }
    }
}
