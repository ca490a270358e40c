package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.util.SourceDocument;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * What the task definition steps of one run share: the rendered request and the revision it is compared with.
 * Filled by {@link RenderTaskDefinitionStep} while planning, read by the steps after it.
 */
public final class TaskDefinitionWork {
    private RegisterTaskDefinitionRequest rendered;
    private TaskDefinition current;
    private RegisterTaskDefinitionRequest currentAsRequest;
    private SourceDocument source;

    void rendered(RegisterTaskDefinitionRequest request) {
        this.rendered = request;
    }

    /** The revision the service runs (or the family's latest), or null when there is none. */
    void current(TaskDefinition revision, RegisterTaskDefinitionRequest asRequest) {
        this.current = revision;
        this.currentAsRequest = asRequest;
    }

    void source(SourceDocument document) {
        this.source = document;
    }

    /** The user's task definition file, with its lines, or null when the base came from ECS. */
    public SourceDocument source() {
        return source;
    }

    public RegisterTaskDefinitionRequest rendered() {
        if (rendered == null) {
            throw new IllegalStateException("the task definition has not been rendered");
        }
        return rendered;
    }

    public TaskDefinition current() {
        return current;
    }

    public RegisterTaskDefinitionRequest currentAsRequest() {
        return currentAsRequest;
    }

    public boolean unchanged() {
        return currentAsRequest != null && TaskDefinitionDiff.same(currentAsRequest, rendered());
    }
}
