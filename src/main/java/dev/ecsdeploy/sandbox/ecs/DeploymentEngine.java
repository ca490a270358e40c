package dev.ecsdeploy.sandbox.ecs;

/**
 * How one deployment strategy moves a service forward in time. The runtime moves tasks through their lives
 * (PROVISIONING → PENDING → RUNNING → STOPPED) and counts failed tasks; an engine decides, on every tick, which tasks
 * to launch and stop, and when the deployment has COMPLETED or FAILED (then rolls back through
 * {@link EcsRuntime#rollBack}). One engine instance serves every service; keep per-deployment state on the
 * {@link Deployment} / {@link ServiceDeploymentRecord}. Called with the world lock held.
 */
public interface DeploymentEngine {
    /** A new deployment of the service just became PRIMARY (UpdateService or a rollback). */
    default void started(EcsServiceState service, Deployment deployment, EcsRuntime runtime) {
    }

    /** One scheduler tick for the service. */
    void tick(EcsServiceState service, EcsRuntime runtime);
}
