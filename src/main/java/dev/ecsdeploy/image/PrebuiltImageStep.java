package dev.ecsdeploy.image;

import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.aws.EcrImages;
import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.pipeline.ImageRef;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

/**
 * The {@code image} input: deploy a pre-built image, building and pushing nothing. An image found in ECR
 * (DescribeImages) gives its digest as {@code image-digest}; one that is missing is not this step's verdict but one of
 * the pre-flight's problems, reported with all the others before anything changes.
 */
public final class PrebuiltImageStep implements Step {
    @Override
    public String name() {
        return "check pre-built image";
    }

    @Override
    public void plan(RunContext context) {
        ActionInputs inputs = context.inputs();
        if (!inputs.isSet(Input.IMAGE)) {
            return;
        }
        String uri = inputs.string(Input.IMAGE);
        EcrImages.ImageName name = EcrImages.ImageName.parse(uri);
        if (inputs.isGiven(Input.ECR_REPOSITORY)) {
            context.log().info("image is given: nothing is built or pushed (ecr-repository and the build inputs are"
                    + " not used).");
        }
        String digest = null;
        Optional<String> region = ecrRegion(context, name.host());
        if (region.isPresent()) {
            Optional<ImageDetail> detail = find(context, region.get(), name);
            if (detail.isPresent()) {
                digest = detail.get().imageDigest();
                context.log().info("Deploying the pre-built image " + uri + " (" + digest + ").");
            } else {
                context.log().info("The pre-built image " + uri + " is not in ECR; the pre-flight will say so.");
            }
        } else {
            context.log().info("Deploying the pre-built image " + uri + " (not in ECR, so not checked).");
        }
        String repository = (name.host() == null ? "" : name.host() + "/") + name.repository();
        context.state().put(Results.IMAGE, new ImageRef(uri, repository, name.tag() == null ? List.of() : List.of(name.tag()),
                digest, false));
        context.outputs().set(ActionOutput.IMAGE_URI, uri);
        if (digest != null) {
            context.outputs().set(ActionOutput.IMAGE_DIGEST, digest);
        }
        context.outputs().set(ActionOutput.IMAGE_TAGS, name.tag() == null ? "" : uri);
    }

    /**
     * The region of the ECR registry the image is in, or empty when it is not in ECR: an ECR host names its region;
     * any other host is ECR when the caller's registry is served from it (an endpoint override such as the sandbox).
     */
    private static Optional<String> ecrRegion(RunContext context, String host) {
        if (host == null) {
            return Optional.empty();
        }
        if (EcrImages.isEcrHost(host)) {
            return Optional.of(host.split("\\.")[3]);
        }
        try {
            return host.equals(EcrImages.registryHost(context.aws().ecr())) ? Optional.of(context.region())
                    : Optional.empty();
        } catch (SdkException e) {
            return Optional.empty();
        }
    }

    private static Optional<ImageDetail> find(RunContext context, String region, EcrImages.ImageName name) {
        if (region.equals(context.region())) {
            return EcrImages.find(context.aws().ecr(), name);
        }
        try (AwsClients other = new AwsClients(region, context.env())) {
            return EcrImages.find(other.ecr(), name);
        }
    }
}
