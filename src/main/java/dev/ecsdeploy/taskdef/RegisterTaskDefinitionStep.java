package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.TaskDefinitionRef;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Registers the rendered task definition, unless it equals the current revision (then that revision is deployed
 * again, and nothing new clutters the family) and {@code force-new-deployment} is not set.
 */
public final class RegisterTaskDefinitionStep implements Step {
    @Override
    public String name() {
        return "register task definition";
    }

    @Override
    public void apply(RunContext context) {
        TaskDefinitionResults.CurrentRevision known = context.state().get(TaskDefinitionResults.CURRENT);
        TaskDefinition current = known == null ? null : known.revision();
        String previousArn = current == null ? null : current.taskDefinitionArn();
        if (TaskDefinitionResults.unchanged(context.state()) && !context.inputs().bool(Input.FORCE_NEW_DEPLOYMENT)) {
            context.log().notice("The rendered task definition equals " + current.family() + ":" + current.revision()
                    + "; no new revision registered.");
            publish(context, new TaskDefinitionRef(current.taskDefinitionArn(), current.family(), current.revision(),
                    previousArn, false));
            return;
        }
        TaskDefinition registered = context.aws().ecs().registerTaskDefinition(context.state().require(TaskDefinitionResults.RENDERED)).taskDefinition();
        context.log().info("Registered " + registered.family() + ":" + registered.revision() + " ("
                + registered.taskDefinitionArn() + ").");
        publish(context, new TaskDefinitionRef(registered.taskDefinitionArn(), registered.family(),
                registered.revision(), previousArn, true));
    }

    private static void publish(RunContext context, TaskDefinitionRef ref) {
        context.state().put(Results.TASK_DEFINITION, ref);
        context.outputs().set(ActionOutput.TASK_DEFINITION_ARN, ref.arn());
        context.outputs().set(ActionOutput.TASK_DEFINITION_REVISION, ref.revision());
        if (ref.previousArn() != null) {
            context.outputs().set(ActionOutput.PREVIOUS_TASK_DEFINITION_ARN, ref.previousArn());
        }
    }
}
