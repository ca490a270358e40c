package dev.ecsdeploy.image;

import dev.ecsdeploy.aws.AwsClients;
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
                        List<String> secretArguments, Map<String, String> secretEnvironment) {
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

    /** Clients for a registry in another region than the run's; closed with the work. */
    void otherRegion(AwsClients clients) {
        this.otherRegion = clients;
    }

    @Override
    public void close() {
        if (otherRegion != null) {
            otherRegion.close();
            otherRegion = null;
        }
    }
}
