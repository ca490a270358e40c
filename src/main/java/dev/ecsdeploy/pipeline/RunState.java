package dev.ecsdeploy.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the steps found and made, handed from one step to the next (and to the notification at the end). Each field
 * is written by one step; null means that step has not produced it (yet).
 */
public final class RunState {
    private volatile String version;
    private volatile String versionSource;
    private volatile ImageRef image;
    private volatile TaskDefinitionRef taskDefinition;
    private volatile DeploymentReport deployment;
    private final List<String> completedSteps = Collections.synchronizedList(new ArrayList<>());

    public String version() {
        return version;
    }

    /** Where the version came from, e.g. "apps/web1/package.json" or "version input". */
    public String versionSource() {
        return versionSource;
    }

    public void version(String version, String source) {
        this.version = version;
        this.versionSource = source;
    }

    /** The image to deploy: set by the image stage while planning, its digest once pushed. */
    public ImageRef image() {
        return image;
    }

    public void image(ImageRef image) {
        this.image = image;
    }

    /** The task definition revision: set by the task definition stage. */
    public TaskDefinitionRef taskDefinition() {
        return taskDefinition;
    }

    public void taskDefinition(TaskDefinitionRef taskDefinition) {
        this.taskDefinition = taskDefinition;
    }

    /** The deployment: set by the deploy stage as soon as it knows the service, updated as it learns more. */
    public DeploymentReport deployment() {
        return deployment;
    }

    public void deployment(DeploymentReport deployment) {
        this.deployment = deployment;
    }

    public List<String> completedSteps() {
        return List.copyOf(completedSteps);
    }

    void stepCompleted(String name) {
        completedSteps.add(name);
    }
}
