package dev.ecsdeploy.preflight;

import dev.ecsdeploy.pipeline.Results;

import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.aws.EcrImages;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.ImageRef;
import dev.ecsdeploy.pipeline.RunContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/** The images of the rendered task definition: references Docker can pull, present in ECR, for the task's platform. */
final class ImageChecks {
    private ImageChecks() {
    }

    /** Every image must be a reference Docker can pull; returns the containers whose images are worth looking up. */
    static List<Integer> references(RunContext context, RegisterTaskDefinitionRequest task,
                                                 List<String> targets, List<Problem> problems) {
        List<Integer> valid = new ArrayList<>();
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition container = containers.get(i);
            Optional<String> problem = ImageReferences.problem(container.image());
            if (problem.isEmpty()) {
                valid.add(i);
                continue;
            }
            boolean fromInput = targets.contains(container.name()) && context.inputs().isSet(Input.IMAGE);
            problems.add(new Problem(fromInput ? Input.IMAGE.inputName() : Problem.TASK_DEFINITION,
                    "containerDefinitions[" + i + "].image", (fromInput ? "Input image" : "Container "
                    + container.name()) + ": " + problem.get()));
        }
        return valid;
    }

    /** ECR images: in the registry the host names, with the tag or digest, for the task's platform. */
    static void lookUp(RunContext context, RegisterTaskDefinitionRequest task, List<String> targets,
                               List<Integer> pullable, List<Problem> problems) {
        String wanted = ImagePlatforms.of(task.runtimePlatform());
        ImageRef planned = context.state().get(Results.IMAGE);
        Map<String, ImageFacts> byRegion = new HashMap<>();
        List<AwsClients> otherRegions = new ArrayList<>();
        String ownHost = null;
        try {
            for (int i : pullable) {
                ContainerDefinition container = task.containerDefinitions().get(i);
                boolean target = targets.contains(container.name());
                String at = "containerDefinitions[" + i + "].image";
                if (target && planned != null && planned.built()) {
                    String platform = context.inputs().string(Input.PLATFORM);
                    ImagePlatforms.mismatch(container.image(), ImagePlatforms.ofBuildInput(platform == null
                            ? "linux/amd64" : platform), wanted).ifPresent(problem -> problems.add(new Problem(
                            Input.PLATFORM.inputName(), at, "Input platform: " + problem)));
                    continue;
                }
                EcrImages.ImageName image = EcrImages.ImageName.parse(container.image());
                String region = context.region();
                if (EcrImages.isEcrHost(image.host())) {
                    region = image.host().split("\\.")[3];
                } else {
                    if (ownHost == null) {
                        ownHost = registryHost(context);
                    }
                    if (image.host() == null || !image.host().equals(ownHost)) {
                        continue;
                    }
                }
                ImageFacts facts = byRegion.computeIfAbsent(region, r -> {
                    if (r.equals(context.region())) {
                        return new ImageFacts(context.aws().ecr());
                    }
                    AwsClients other = new AwsClients(r, context.env());
                    otherRegions.add(other);
                    return new ImageFacts(other.ecr());
                });
                String input = target && context.inputs().isSet(Input.IMAGE) ? Input.IMAGE.inputName()
                        : Problem.TASK_DEFINITION;
                ImageFacts.Found found = facts.look(image);
                if (found.missing() != null) {
                    problems.add(new Problem(input, at, "The image " + container.image() + " of container "
                            + container.name() + " cannot be pulled: " + found.missing() + ". Push it first"
                            + (input.equals(Input.IMAGE.inputName()) ? ", or build it with ecr-repository instead of"
                            + " image." : ".")));
                } else {
                    ImagePlatforms.mismatch(container.image(), found.platforms(), wanted)
                            .ifPresent(problem -> problems.add(new Problem(input, at, problem)));
                }
            }
        } finally {
            otherRegions.forEach(AwsClients::close);
        }
    }

    private static String registryHost(RunContext context) {
        try {
            return EcrImages.registryHost(context.aws().ecr());
        } catch (SdkException e) {
            return "";
        }
    }
}
