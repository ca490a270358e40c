package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.pipeline.ResultKey;
import dev.ecsdeploy.pipeline.RunState;
import dev.ecsdeploy.util.SourceDocument;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * What the task definition steps hand on through the run's state: the rendered request and the revision it is
 * compared with. Put there by {@link RenderTaskDefinitionStep} while planning, read by the steps after it (and by
 * the deploy stage, which checks a CodeDeploy AppSpec against the rendered containers).
 */
public final class TaskDefinitionResults {
    /** The task definition to register, rendered while planning. */
    public static final ResultKey<RegisterTaskDefinitionRequest> RENDERED = ResultKey.of(
            "the rendered task definition", RegisterTaskDefinitionRequest.class);
    /** The user's task definition file with its lines; absent when the base came from ECS. */
    public static final ResultKey<SourceDocument> SOURCE = ResultKey.of("the task definition file",
            SourceDocument.class);
    /** The revision the service runs (or the family's latest); absent when there is none. */
    static final ResultKey<CurrentRevision> CURRENT = ResultKey.of("the current task definition revision",
            CurrentRevision.class);

    /** The registered revision, and the same as a register request, to compare the rendered one with. */
    record CurrentRevision(TaskDefinition revision, RegisterTaskDefinitionRequest asRequest) {
    }

    private TaskDefinitionResults() {
    }

    /** True when the rendered task definition equals the current revision. */
    static boolean unchanged(RunState state) {
        CurrentRevision current = state.get(CURRENT);
        return current != null && TaskDefinitionDiff.same(current.asRequest(), state.require(RENDERED));
    }
}
