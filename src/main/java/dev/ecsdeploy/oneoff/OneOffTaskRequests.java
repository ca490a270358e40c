package dev.ecsdeploy.oneoff;

import java.util.List;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The RunTask request for a one-off task: the new revision, once, where the service runs its tasks (its network
 * configuration, its launch type or capacity provider strategy, its platform version), with the command replaced.
 */
public final class OneOffTaskRequests {
    private OneOffTaskRequests() {
    }

    public static RunTaskRequest build(Service service, String cluster, String taskDefinitionArn, String container,
                                       List<String> command, String startedBy) {
        RunTaskRequest.Builder request = RunTaskRequest.builder()
                .cluster(cluster)
                .taskDefinition(taskDefinitionArn)
                .count(1)
                .startedBy(startedBy)
                .overrides(o -> o.containerOverrides(ContainerOverride.builder().name(container).command(command)
                        .build()));
        if (service.hasCapacityProviderStrategy() && !service.capacityProviderStrategy().isEmpty()) {
            request.capacityProviderStrategy(service.capacityProviderStrategy());
        } else if (service.launchType() != null) {
            request.launchType(service.launchType());
        }
        if (service.platformVersion() != null) {
            request.platformVersion(service.platformVersion());
        }
        if (service.networkConfiguration() != null) {
            request.networkConfiguration(service.networkConfiguration());
        }
        return request.build();
    }
}
