package dev.ecsdeploy;

import dev.ecsdeploy.aws.AwsClients;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The demo's last word, asked of the (simulated) AWS itself rather than taken from the action's outputs: which
 * revision the service runs now, its image, and the digest ECR holds for that image's tag.
 */
final class ServiceImage {
    private ServiceImage() {
    }

    static String describe(Map<String, String> env, String cluster, String service) {
        try (AwsClients aws = new AwsClients(env.get("AWS_REGION"), env)) {
            String arn = aws.ecs().describeServices(r -> r.cluster(cluster).services(service)).services().getFirst()
                    .taskDefinition();
            TaskDefinition definition = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
            ContainerDefinition container = definition.containerDefinitions().getFirst();
            String image = container.image();
            String line = "Service " + service + " runs " + definition.family() + ":" + definition.revision()
                    + ", container " + container.name() + " from " + image;
            String digest = ecrDigest(aws, image);
            return digest == null ? line + " (ECR lists no digest for it)." : line + ", which ECR holds"
                    + " as " + digest + ".";
        } catch (SdkException e) {
            return "Could not ask the sandbox what the service runs: " + e.getMessage();
        }
    }

    /** The digest ECR lists for {@code host/repository:tag}, or null when the repository is not in ECR. */
    private static String ecrDigest(AwsClients aws, String image) {
        int slash = image.indexOf('/');
        int colon = image.lastIndexOf(':');
        if (slash < 0 || colon < slash) {
            return null;
        }
        String repository = image.substring(slash + 1, colon);
        String tag = image.substring(colon + 1);
        try {
            return aws.ecr().describeImages(r -> r.repositoryName(repository).imageIds(id -> id.imageTag(tag)))
                    .imageDetails().stream().map(ImageDetail::imageDigest).findFirst().orElse(null);
        } catch (SdkException e) {
            return null;
        }
    }
}
