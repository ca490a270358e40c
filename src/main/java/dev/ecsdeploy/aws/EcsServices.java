package dev.ecsdeploy.aws;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

/** Looking up the service a run works on, with errors that say which input to fix. */
public final class EcsServices {
    private EcsServices() {
    }

    /** The ACTIVE service, or exit 2 naming the cluster or service input. */
    public static Service describe(EcsClient ecs, String cluster, String service) {
        DescribeServicesResponse response;
        try {
            response = ecs.describeServices(r -> r.cluster(cluster).services(service));
        } catch (ClusterNotFoundException e) {
            throw new BadInputException(Input.CLUSTER.inputName(), "Input cluster: there is no ECS cluster \""
                    + cluster + "\" in this account and region.");
        }
        return response.services().stream()
                .filter(found -> !"INACTIVE".equals(found.status()))
                .findFirst()
                .orElseThrow(() -> new BadInputException(Input.SERVICE.inputName(), "Input service: cluster "
                        + cluster + " has no active service \"" + service + "\"."));
    }
}
