package dev.ecsdeploy.deploy;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.pipeline.Cancellation;
import java.time.Clock;
import java.time.Instant;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * Follows one ECS service deployment until it is decided: two cheap calls per poll (the service deployment and the
 * service) and progress printed as it changes, in the shared {@link PollLoop}. One watcher per wait.
 */
final class EcsDeploymentWatcher {
    record Result(PollLoop.End end, Verdict verdict, ServiceDeployment deployment, Service service) {
    }

    private final EcsClient ecs;
    private final ActionLog log;
    private final PollLoop loop;
    private ServiceDeployment deployment;
    private Service service;

    EcsDeploymentWatcher(EcsClient ecs, ActionLog log, Cancellation cancellation, Clock clock) {
        this.ecs = ecs;
        this.log = log;
        this.loop = new PollLoop(log, cancellation, clock);
    }

    Result watch(String cluster, String serviceName, String deploymentArn, String taskDefinitionArn,
                 DeploySettings settings, Instant startedAt) {
        ProgressPrinter printer = new ProgressPrinter(log, startedAt.minusSeconds(1));
        PollLoop.Ended ended = loop.run(settings, startedAt, "ECS", () -> {
            deployment = ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(deploymentArn))
                    .serviceDeployments().getFirst();
            service = ecs.describeServices(r -> r.cluster(cluster).services(serviceName)).services().getFirst();
            printer.events(service.events());
            printer.serviceDeployment(deployment);
            printer.deployments(service.deployments());
            return ServiceDeploymentVerdicts.evaluate(deployment, service.deployments(), taskDefinitionArn);
        });
        return new Result(ended.end(), ended.verdict(), deployment, service);
    }
}
