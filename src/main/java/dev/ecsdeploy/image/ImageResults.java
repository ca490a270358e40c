package dev.ecsdeploy.image;

import dev.ecsdeploy.pipeline.ResultKey;
import dev.ecsdeploy.pipeline.RunContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * What the image steps hand each other on the run's state: the build as {@link CheckDockerStep} checked it, the
 * registry as {@link PushImageStep} resolved it while planning, and the registry login the build opens and the push
 * closes. The image itself goes on {@code Results.IMAGE} for the later stages.
 */
final class ImageResults {
    static final ResultKey<Build> BUILD = ResultKey.of("the checked image build", Build.class);
    static final ResultKey<Registry> REGISTRY = ResultKey.of("the image registry", Registry.class);
    static final ResultKey<RegistrySession> SESSION = ResultKey.of("the registry login", RegistrySession.class);

    /**
     * The checked build inputs: the engine to build with, the Dockerfile and context, the secrets (their sources; the
     * values of {@code env=} ones in {@code secretEnvironment}, never logged) and the cache.
     */
    record Build(ImageEngine engine, Path dockerfile, String dockerfileDisplay, String context,
                 List<SecretSource> secrets, Map<String, String> secretEnvironment, BuildCache cache) {
        @Override
        public String toString() {
            return "Build[" + dockerfileDisplay + " in " + context + ", secrets " + secrets + "]";
        }
    }

    /** A build secret and, for a {@code src=} one, its file resolved in the workspace. */
    record SecretSource(BuildSecret secret, String file) {
        /** The CLI's {@code --secret} value: names where the value is, never the value. */
        String cliArgument() {
            return secret.cliArgument(file);
        }
    }

    /** Where the image goes: the ECR client and registry id to ask, the login, the repository. */
    record Registry(EcrClient ecr, String accountId, EcrLogin login, String host, String repository,
                    boolean repositoryExists) {
        String describe() {
            return host + "/" + repository;
        }
    }

    private ImageResults() {
    }

    /** The login to the registry, opened before the build and closed after the push (or when the run ends). */
    static RegistrySession session(RunContext context) {
        RegistrySession session = context.state().get(SESSION);
        if (session == null) {
            Build build = context.state().require(BUILD);
            Registry registry = context.state().require(REGISTRY);
            session = RegistrySession.open(build.engine(), context.env(), registry.host(), registry.login(),
                    new RegistryRetry(PushImageStep.PUSH_ATTEMPTS, PushImageStep.FIRST_RETRY_DELAY,
                            context.cancellation(), context.log()::warning));
            context.state().put(SESSION, session);
            context.state().closeWhenDone(session);
        }
        return session;
    }

    /** Logs out and deletes the private Docker config, if a session is open. */
    static void endSession(RunContext context) {
        RegistrySession open = context.state().remove(SESSION);
        if (open != null) {
            open.close();
        }
    }
}
