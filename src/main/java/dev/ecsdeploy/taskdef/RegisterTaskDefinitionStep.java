package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.aws.MutatingCalls;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.StepFailedException;
import dev.ecsdeploy.pipeline.TaskDefinitionRef;
import dev.ecsdeploy.util.Annotation;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Registers the rendered task definition, unless it equals the current revision: then that revision is deployed
 * again (restarted when {@code force-new-deployment} is set), and nothing new clutters the family.
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
        if (TaskDefinitionResults.unchanged(context.state())) {
            context.log().notice("The rendered task definition equals " + current.family() + ":" + current.revision()
                    + "; no new revision registered.");
            publish(context, new TaskDefinitionRef(current.taskDefinitionArn(), current.family(), current.revision(),
                    previousArn, false));
            return;
        }
        RegisterTaskDefinitionRequest request = context.state().require(TaskDefinitionResults.RENDERED).toBuilder()
                .overrideConfiguration(MutatingCalls.RETRIED_ONLY_WHEN_ANSWERED).build();
        TaskDefinition registered;
        try {
            registered = context.aws().ecs().registerTaskDefinition(request).taskDefinition();
        } catch (SdkClientException e) {
            throw noAnswer(context, request.family(), e);
        }
        context.log().info("Registered " + registered.family() + ":" + registered.revision() + " ("
                + registered.taskDefinitionArn() + ").");
        publish(context, new TaskDefinitionRef(registered.taskDefinitionArn(), registered.family(),
                registered.revision(), previousArn, true));
    }

    /**
     * RegisterTaskDefinition timed out or its connection dropped: a revision may have been registered. Nothing was
     * deployed; the family's newest revision, read once more, says what ECS has now.
     */
    private static StepFailedException noAnswer(RunContext context, String family, SdkClientException e) {
        String newest;
        try {
            newest = context.aws().ecs().listTaskDefinitions(r -> r.familyPrefix(family).sort(SortOrder.DESC)
                            .maxResults(1).overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(20))))
                    .taskDefinitionArns().stream().findFirst()
                    .map(arn -> "the newest revision of " + family + " is now "
                            + arn.substring(arn.lastIndexOf('/') + 1))
                    .orElse("ECS shows no revision of " + family);
        } catch (SdkException again) {
            newest = "the family could not be read either (" + again.getMessage() + ")";
        }
        return new StepFailedException(DeploymentStatus.UNKNOWN, "Registering the task definition got no answer from"
                + " ECS (" + e.getMessage() + "), so a new revision may have been registered: " + newest
                + ". Nothing was deployed.", Annotation.titled("Outcome unknown: RegisterTaskDefinition got no"
                + " answer"), null);
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
