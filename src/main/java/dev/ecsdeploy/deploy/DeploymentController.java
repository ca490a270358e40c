package dev.ecsdeploy.deploy;

import dev.ecsdeploy.pipeline.RunContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * A service's deployment controller, as the action drives it: start a revision, follow a deployment, stop one with
 * rollback, find the one running, and gather why one failed. Chosen once per service by {@link #of} from the
 * service's own controller; {@link Rollout} does the rest the same way for every controller.
 */
public interface DeploymentController {
    /** Who deploys and rolls back, in a sentence: "ECS", "CodeDeploy". */
    String who();

    /** The strategy input's name for reports: rolling, blue-green, linear, canary, codedeploy. */
    String strategyName();

    /** The summary's strategy row, with whatever else says how it deploys (e.g. CodeDeploy's group and config). */
    default String strategyDescription() {
        return strategyName();
    }

    /**
     * True when the controller's own rollback is the only one: a failure it did not roll back stays so (CodeDeploy:
     * the deployment group's automatic rollback decides). False when the action itself deploys the previous
     * revision again (ECS without the circuit breaker).
     */
    boolean rollsBackByItself();

    /** Checks what the controller needs before anything changes. */
    default void plan(List<ContainerDefinition> renderedContainers) {
    }

    /** A started deployment: its id and the console page to follow it on. */
    record Started(String deploymentId, String consoleUrl) {
    }

    /** Starts the deployment of a revision; throws when none was started. */
    Started start(Service service, String taskDefinitionArn);

    /** The console page of a deployment. */
    String consoleUrl(String deploymentId);

    /**
     * What one wait saw.
     *
     * @param seen     the last state seen, a line each (stage, counts, traffic, events), for a reason that says it
     * @param evidence the controller's own last look (a ServiceDeployment, a DeploymentInfo), for {@link #diagnose}
     * @param stoppedByRequest a stop request, not a failure, started the rollback seen
     */
    record Watched(PollLoop.Ended ended, List<String> seen, Object evidence, boolean stoppedByRequest) {
        public Verdict verdict() {
            return ended.verdict();
        }
    }

    /**
     * Follows a deployment until it is decided or the bounds end.
     *
     * @param taskDefinitionArn the revision it should end on (the previous one when following a rollback)
     */
    Watched watch(PollLoop loop, String deploymentId, String taskDefinitionArn, Instant startedAt,
                  PollLoop.Bounds bounds);

    /** Asks to stop the deployment and roll back; false when it had already finished. Bounded in time. */
    boolean stopWithRollback(String deploymentId);

    /** The deployment still running on the service, if any ({@code command: rollback} stops it). */
    Optional<String> ongoing(Service service);

    /** What a deployment waiting for a go-ahead waits for. */
    enum WaitType {
        /** Test traffic is on the replacement; production traffic shifts on the go-ahead (CodeDeploy READY_WAIT). */
        READY,
        /** Production traffic is shifted; the original is kept until the wait ends (CodeDeploy TERMINATION_WAIT). */
        TERMINATION
    }

    /**
     * A deployment that waits for a go-ahead.
     *
     * @param taskDefinitionArn the revision it deploys
     * @param previousArn       the revision it replaces, when known
     */
    record Waiting(String deploymentId, WaitType type, String taskDefinitionArn, String previousArn) {
    }

    /**
     * The deployment that waits for a go-ahead: the one named (its wait checked), else the service's. Empty when
     * none waits; ECS's own deployments never do.
     *
     * @param deploymentId the deployment the user named, or null
     */
    default Optional<Waiting> waiting(String deploymentId) {
        return Optional.empty();
    }

    /** Gives a waiting deployment the go-ahead; throws {@code StepFailedException} when it was refused. */
    default void proceed(Waiting waiting) {
        throw new UnsupportedOperationException(who() + " deployments do not wait for a go-ahead");
    }

    /** Why a deployment failed, from the evidence left behind. */
    Diagnosis diagnose(String taskDefinitionArn, Instant since, Watched watched);

    /**
     * Picks the service's controller, once, from how it deploys. The entry point supplies the choice that knows
     * CodeDeploy's controller, so this package does not depend on {@code deploy.codedeploy}, which builds on it.
     */
    @FunctionalInterface
    interface Choice {
        DeploymentController of(RunContext context, DeploySettings settings, Service service, Strategy strategy);
    }

    /** The ECS controller (rolling, blue/green, linear, canary). */
    static DeploymentController ecs(RunContext context, DeploySettings settings, Strategy strategy) {
        return new EcsController(context, settings, strategy);
    }
}
