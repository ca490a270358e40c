package dev.ecsdeploy.deploy;

import dev.ecsdeploy.util.Decision;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.DeploymentAlarms;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * The one UpdateService call of a deployment: the new revision and the deployment configuration together (two calls
 * would start two deployments that supersede each other). The service's own configuration is the base, so settings
 * owned elsewhere (Terraform, the console) stay as they are unless an input changes them. Pure.
 */
@Decision
public final class UpdateServiceRequests {
    private UpdateServiceRequests() {
    }

    static UpdateServiceRequest build(Service service, String taskDefinitionArn, DeploySettings settings,
                                      Strategy strategy) {
        UpdateServiceRequest.Builder request = UpdateServiceRequest.builder()
                .cluster(service.clusterArn())
                .service(service.serviceName())
                .taskDefinition(taskDefinitionArn)
                .deploymentConfiguration(configuration(service.deploymentConfiguration(), settings, strategy));
        if (settings.desiredCount() != null) {
            request.desiredCount(settings.desiredCount());
        }
        if (settings.forceNewDeployment()) {
            request.forceNewDeployment(true);
        }
        serviceTags(request, settings.serviceTags());
        return request.build();
    }

    /**
     * A CODE_DEPLOY service's tag settings: UpdateService may change them (not the revision) before CodeDeploy
     * deploys; empty when neither input was given.
     */
    public static Optional<UpdateServiceRequest> serviceTagsOnly(Service service,
                                                                           DeploySettings.ServiceTags tags) {
        if (!tags.given()) {
            return Optional.empty();
        }
        UpdateServiceRequest.Builder request = UpdateServiceRequest.builder().cluster(service.clusterArn())
                .service(service.serviceName());
        serviceTags(request, tags);
        return Optional.of(request.build());
    }

    private static void serviceTags(UpdateServiceRequest.Builder request, DeploySettings.ServiceTags tags) {
        if (tags.propagateTags() != null) {
            request.propagateTags(tags.propagateTags());
        }
        if (tags.enableEcsManagedTags() != null) {
            request.enableECSManagedTags(tags.enableEcsManagedTags());
        }
    }

    static DeploymentConfiguration configuration(DeploymentConfiguration current, DeploySettings settings,
                                                 Strategy strategy) {
        DeploymentConfiguration.Builder configuration = current == null ? DeploymentConfiguration.builder()
                : current.toBuilder();
        configuration.strategy(strategy.ecsValue());
        if (strategy == Strategy.ROLLING) {
            // The circuit breaker is a rolling-update feature; with rollback it is what makes a failed rollout safe.
            configuration.deploymentCircuitBreaker(DeploymentCircuitBreaker.builder()
                    .enable(settings.circuitBreaker().enable()).rollback(settings.circuitBreaker().rollback())
                    .build());
        }
        if (settings.minimumHealthyPercent() != null) {
            configuration.minimumHealthyPercent(settings.minimumHealthyPercent());
        }
        if (settings.maximumPercent() != null) {
            configuration.maximumPercent(settings.maximumPercent());
        }
        if (settings.clearsAlarms()) {
            // DeploymentAlarms needs all three fields: off is no names, neither enabled nor rolling back.
            configuration.alarms(DeploymentAlarms.builder().alarmNames(List.of()).enable(false)
                    .rollback(false).build());
        } else if (!settings.alarms().isEmpty()) {
            configuration.alarms(DeploymentAlarms.builder().alarmNames(settings.alarms()).enable(true).rollback(true)
                    .build());
        }
        if (strategy != Strategy.ROLLING && settings.bakeTimeMinutes() != null) {
            configuration.bakeTimeInMinutes(settings.bakeTimeMinutes());
        }
        if (strategy != Strategy.ROLLING && settings.lifecycleHooks() != null) {
            // Given: they replace the service's (an empty list clears them); not given, the service's stay.
            configuration.lifecycleHooks(settings.lifecycleHooks());
        }
        if (strategy == Strategy.LINEAR) {
            var linear = current == null || current.linearConfiguration() == null
                    ? software.amazon.awssdk.services.ecs.model.LinearConfiguration.builder()
                    : current.linearConfiguration().toBuilder();
            if (settings.linearStepPercent() != null) {
                linear.stepPercent(settings.linearStepPercent());
            }
            if (settings.linearStepBakeTimeMinutes() != null) {
                linear.stepBakeTimeInMinutes(settings.linearStepBakeTimeMinutes());
            }
            configuration.linearConfiguration(linear.build());
        }
        if (strategy == Strategy.CANARY) {
            var canary = current == null || current.canaryConfiguration() == null
                    ? software.amazon.awssdk.services.ecs.model.CanaryConfiguration.builder()
                    : current.canaryConfiguration().toBuilder();
            if (settings.canaryPercent() != null) {
                canary.canaryPercent(settings.canaryPercent());
            }
            if (settings.canaryBakeTimeMinutes() != null) {
                canary.canaryBakeTimeInMinutes(settings.canaryBakeTimeMinutes());
            }
            configuration.canaryConfiguration(canary.build());
        }
        return configuration.build();
    }
}
