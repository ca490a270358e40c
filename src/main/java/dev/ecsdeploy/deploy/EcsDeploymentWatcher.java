package dev.ecsdeploy.deploy;

import dev.ecsdeploy.github.ActionLog;
import java.time.Instant;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/**
 * Follows one ECS service deployment until it is decided: two cheap calls per poll (the service deployment and the
 * service) and progress printed as it changes, in the shared {@link PollLoop}. A deployment, service or cluster that
 * is gone is said to be so. One watcher per wait.
 */
final class EcsDeploymentWatcher {
    private final EcsClient ecs;
    private final ActionLog log;
    private ServiceDeployment deployment;
    private Service service;
    private boolean stoppedByRequest;

    EcsDeploymentWatcher(EcsClient ecs, ActionLog log) {
        this.ecs = ecs;
        this.log = log;
    }

    DeploymentController.Watched watch(PollLoop loop, String cluster, String serviceName, String deploymentArn,
                                       String taskDefinitionArn, Instant startedAt, PollLoop.Bounds bounds) {
        ProgressPrinter printer = new ProgressPrinter(log, startedAt.minusSeconds(1));
        PollLoop.Ended ended = loop.run(bounds, "ECS", () -> {
            try {
                ServiceDeployment seen = ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(deploymentArn)
                                .overrideConfiguration(AwsCalls.BOUNDED)).serviceDeployments().stream().findFirst()
                        .orElseThrow(() -> new PollLoop.VanishedException("service deployment " + deploymentArn
                                + " no longer exists"));
                Service now = ecs.describeServices(r -> r.cluster(cluster).services(serviceName)
                                .overrideConfiguration(AwsCalls.BOUNDED)).services().stream()
                        .filter(s -> !"INACTIVE".equals(s.status())).findFirst()
                        .orElseThrow(() -> new PollLoop.VanishedException("service " + serviceName + " no longer"
                                + " exists in cluster " + cluster));
                deployment = seen;
                service = now;
                stoppedByRequest |= ServiceDeploymentVerdicts.stoppedByRequest(seen);
            } catch (ClusterNotFoundException e) {
                throw new PollLoop.VanishedException("cluster " + cluster + " no longer exists");
            } catch (ServiceNotFoundException e) {
                throw new PollLoop.VanishedException("service " + serviceName + " no longer exists in cluster "
                        + cluster);
            }
            printer.events(service.events());
            printer.serviceDeployment(deployment);
            printer.deployments(service.deployments());
            return ServiceDeploymentVerdicts.evaluate(deployment, service.deployments(), taskDefinitionArn);
        });
        return new DeploymentController.Watched(ended, printer.seen(), new Evidence(deployment, service),
                stoppedByRequest);
    }

    /** The last look: the service deployment and the service, for the diagnosis. */
    record Evidence(ServiceDeployment deployment, Service service) {
    }
}
