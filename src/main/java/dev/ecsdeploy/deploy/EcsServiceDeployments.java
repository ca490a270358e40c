package dev.ecsdeploy.deploy;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentStopType;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/** Starting, finding and stopping ECS service deployments. */
final class EcsServiceDeployments {
    private final EcsClient ecs;

    EcsServiceDeployments(EcsClient ecs) {
        this.ecs = ecs;
    }

    /**
     * Calls UpdateService and returns the ARN of the service deployment it started: the one UpdateService names, or
     * else the newest one created since, so this run follows its own deployment and never "the service".
     */
    Optional<String> start(UpdateServiceRequest request, Instant before) {
        UpdateServiceResponse response = ecs.updateService(request.toBuilder()
                .overrideConfiguration(dev.ecsdeploy.aws.MutatingCalls.RETRIED_ONLY_WHEN_ANSWERED).build());
        String arn = response.service().currentServiceDeployment();
        if (arn != null && !arn.isBlank()) {
            return Optional.of(arn);
        }
        return ecs.listServiceDeployments(r -> r.cluster(request.cluster()).service(request.service())
                        .createdAt(range -> range.after(before)))
                .serviceDeployments().stream()
                .max(Comparator.comparing(ServiceDeploymentBrief::createdAt))
                .map(ServiceDeploymentBrief::serviceDeploymentArn);
    }

    /** Asks ECS to stop the deployment and roll back; false when it already finished (nothing to stop). */
    boolean stopWithRollback(String deploymentArn) {
        try {
            ecs.stopServiceDeployment(r -> r.serviceDeploymentArn(deploymentArn)
                    .stopType(StopServiceDeploymentStopType.ROLLBACK).overrideConfiguration(AwsCalls.STOP));
            return true;
        } catch (ConflictException e) {
            return false;
        }
    }
}
