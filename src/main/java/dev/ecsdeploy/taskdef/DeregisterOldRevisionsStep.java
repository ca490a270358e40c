package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.TaskDefinitionRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * After a successful deployment, {@code keep-revisions: N} deregisters the family's ACTIVE revisions beyond the
 * newest N, never one that a deployment of a service in the cluster runs (the tools users have today deregistered
 * the revision ECS had just rolled back to). Placed after the deploy step, so it only runs when that succeeded.
 */
public final class DeregisterOldRevisionsStep implements Step {
    private static final int DESCRIBE_SERVICES_BATCH = 10;

    @Override
    public String name() {
        return "deregister old revisions";
    }

    @Override
    public void apply(RunContext context) {
        Integer keep = context.inputs().integer(Input.KEEP_REVISIONS);
        TaskDefinitionRef deployed = context.state().get(Results.TASK_DEFINITION);
        if (keep == null || keep == 0 || deployed == null) {
            return;
        }
        EcsClient ecs = context.aws().ecs();
        List<String> active = new ArrayList<>();
        ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(deployed.family()).status(TaskDefinitionStatus.ACTIVE)
                        .sort(SortOrder.DESC)).taskDefinitionArns()
                .forEach(arn -> {
                    // familyPrefix also matches longer families ("web" matches "web-bg"); keep exact ones.
                    if (arn.substring(arn.lastIndexOf('/') + 1, arn.lastIndexOf(':')).equals(deployed.family())) {
                        active.add(arn);
                    }
                });
        Set<String> inUse = inUse(ecs, context.inputs().string(Input.CLUSTER));
        inUse.add(deployed.arn());
        List<String> doomed = RevisionCleanup.toDeregister(active, keep, inUse);
        for (String arn : doomed) {
            ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn));
        }
        if (!doomed.isEmpty()) {
            context.log().info("keep-revisions " + keep + ": deregistered " + doomed.size() + " older revision"
                    + (doomed.size() == 1 ? "" : "s") + " of " + deployed.family() + ": "
                    + String.join(", ", doomed.stream().map(a -> a.substring(a.lastIndexOf('/') + 1)).toList()) + ".");
        }
    }

    /** Every task definition some deployment of some service in the cluster runs. */
    private static Set<String> inUse(EcsClient ecs, String cluster) {
        List<String> serviceArns = new ArrayList<>();
        ecs.listServicesPaginator(r -> r.cluster(cluster)).serviceArns().forEach(serviceArns::add);
        Set<String> inUse = new HashSet<>();
        for (int from = 0; from < serviceArns.size(); from += DESCRIBE_SERVICES_BATCH) {
            List<String> batch = serviceArns.subList(from, Math.min(serviceArns.size(), from + DESCRIBE_SERVICES_BATCH));
            for (Service service : ecs.describeServices(r -> r.cluster(cluster).services(batch)).services()) {
                inUse.add(service.taskDefinition());
                service.deployments().forEach(deployment -> inUse.add(deployment.taskDefinition()));
                service.taskSets().forEach(taskSet -> inUse.add(taskSet.taskDefinition()));
            }
        }
        return inUse;
    }
}
