package dev.ecsdeploy.image;

import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.pipeline.RunContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * What the image steps of one run share: the build as {@link CheckDockerStep} checked it, and the registry as
 * {@link PushImageStep} resolved it while planning. The image itself goes on {@code RunState} for the later stages.
 */
public final class ImageWork implements AutoCloseable {
    /** The checked build inputs, ready for {@link BuildCommand}. */
    public record Build(DockerCli docker, Path dockerfile, String dockerfileDisplay, String context,
                        List<String> secretArguments, Map<String, String> secretEnvironment, BuildCache cache) {
    }

    /** Where the image goes: the ECR client and registry id to ask, the login, the repository. */
    public record Registry(EcrClient ecr, String accountId, EcrLogin login, String host, String repository,
                           boolean repositoryExists) {
        public String describe() {
            return host + "/" + repository;
        }
    }

    private volatile Build build;
    private volatile Registry registry;
    private volatile AwsClients otherRegion;
    private volatile RegistrySession session;

    public Build build() {
        return build;
    }

    void build(Build checked) {
        this.build = checked;
    }

    public Registry registry() {
        return registry;
    }

    void registry(Registry resolved) {
        this.registry = resolved;
    }

    /** The login to the registry, opened before the build and closed after the push (or when the run ends). */
    public synchronized RegistrySession session(RunContext context) {
        if (session == null) {
            session = RegistrySession.open(build.docker(), context.env(), registry.host(), registry.login(),
                    new RegistryRetry(PushImageStep.PUSH_ATTEMPTS, PushImageStep.FIRST_RETRY_DELAY,
                            context.cancellation(), context.log()::warning), context.cancellation());
        }
        return session;
    }

    /** Logs out and deletes the private Docker config, if a session is open. */
    public synchronized void endSession() {
        if (session != null) {
            RegistrySession open = session;
            session = null;
            open.close();
        }
    }

    /** Clients for a registry in another region than the run's; closed with the work. */
    void otherRegion(AwsClients clients) {
        this.otherRegion = clients;
    }

    @Override
    public void close() {
        endSession();
        if (otherRegion != null) {
            otherRegion.close();
            otherRegion = null;
        }
    }
}
