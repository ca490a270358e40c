package dev.ecsdeploy.deploy;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.pipeline.Cancellation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * Follows one ECS service deployment until it is decided: two cheap calls per poll (the service deployment and the
 * service), progress printed as it changes, throttling answered by backing off rather than giving up, and a
 * cancellation noticed at once rather than after the poll interval.
 */
final class EcsDeploymentWatcher {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** How the wait ended. */
    enum End { DECIDED, TIMED_OUT, CANCELLED }

    record Result(End end, Verdict verdict, ServiceDeployment deployment, Service service) {
    }

    private final EcsClient ecs;
    private final ActionLog log;
    private final Cancellation cancellation;
    private final Clock clock;

    EcsDeploymentWatcher(EcsClient ecs, ActionLog log, Cancellation cancellation, Clock clock) {
        this.ecs = ecs;
        this.log = log;
        this.cancellation = cancellation;
        this.clock = clock;
    }

    Result watch(String cluster, String serviceName, String deploymentArn, String taskDefinitionArn,
                 DeploySettings settings, Instant startedAt) {
        Instant deadline = startedAt.plus(settings.timeout());
        ProgressPrinter printer = new ProgressPrinter(log, startedAt.minusSeconds(1));
        Duration interval = settings.pollInterval();
        Verdict verdict = Verdict.of(Verdict.Phase.IN_PROGRESS, null);
        ServiceDeployment deployment = null;
        Service service = null;
        boolean announcedRollback = false;
        while (true) {
            if (cancellation.isCancelled()) {
                return new Result(End.CANCELLED, verdict, deployment, service);
            }
            try {
                deployment = ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(deploymentArn))
                        .serviceDeployments().getFirst();
                service = ecs.describeServices(r -> r.cluster(cluster).services(serviceName)).services().getFirst();
                printer.events(service.events());
                printer.serviceDeployment(deployment);
                printer.deployments(service.deployments());
                verdict = ServiceDeploymentVerdicts.evaluate(deployment, service.deployments(), taskDefinitionArn);
                interval = settings.pollInterval();
            } catch (AwsServiceException e) {
                if (!e.isThrottlingException()) {
                    throw e;
                }
                interval = backOff(interval);
                log.info("  (AWS is throttling the calls; next look in " + interval.toSeconds() + "s)");
            } catch (SdkClientException e) {
                interval = backOff(interval);
                log.info("  (could not reach AWS: " + e.getMessage() + "; next look in " + interval.toSeconds() + "s)");
            }
            if (verdict.phase().isTerminal()
                    || settings.untilTrafficShifted() && verdict.phase() == Verdict.Phase.TRAFFIC_SHIFTED) {
                return new Result(End.DECIDED, verdict, deployment, service);
            }
            if (verdict.phase() == Verdict.Phase.ROLLING_BACK && !announcedRollback) {
                announcedRollback = true;
                log.info("ECS is rolling back" + (verdict.reason() == null ? "" : ": " + verdict.reason()));
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return new Result(End.TIMED_OUT, verdict, deployment, service);
            }
            cancellation.sleep(interval.compareTo(left) < 0 ? interval : left);
        }
    }

    private static Duration backOff(Duration interval) {
        Duration doubled = interval.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }
}
