package dev.ecsdeploy.image;

import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.ImageRef;
import dev.ecsdeploy.pipeline.Outcome;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.StepFailedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Pushes the built image to ECR. While planning it resolves the registry (GetAuthorizationToken for the caller's or
 * the named account, in the registry's region) and checks the repository, so the image URI is known before anything
 * is built and a missing repository is bad input. Applying, it pushes every tag through the {@link RegistrySession}
 * the build opened (a Docker CLI's private config directory, or credentials held for the Engine API), with transient
 * failures retried with back-off, logs out, and reads the digest from the registry.
 */
public final class PushImageStep implements Step {
    static final int PUSH_ATTEMPTS = 4;
    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(2);

    @Override
    public String name() {
        return "push image";
    }

    @Override
    public void plan(RunContext context) {
        ActionInputs inputs = context.inputs();
        if (inputs.isSet(Input.IMAGE)) {
            return;
        }
        String repository = inputs.require(Input.ECR_REPOSITORY, "to push the image");
        RegistryChoice choice;
        try {
            choice = RegistryChoice.parse(inputs.string(Input.ECR_REGISTRY), context.region());
        } catch (IllegalArgumentException e) {
            throw inputs.invalid(Input.ECR_REGISTRY, e.getMessage() + ".");
        }
        EcrClient ecr = context.aws().ecr();
        if (choice.otherRegion(context.region())) {
            AwsClients clients = new AwsClients(choice.region(), context.env());
            context.state().closeWhenDone(clients);
            ecr = clients.ecr();
        }
        EcrLogin login = EcrLogin.fetch(ecr, choice.accountId());
        context.log().mask(login.password());
        // The form docker keeps in config.json; masked too in case any tool prints it.
        context.log().mask(Base64.getEncoder().encodeToString((login.username() + ":" + login.password())
                .getBytes(StandardCharsets.UTF_8)));
        String host = choice.host() != null ? choice.host() : login.host();
        String registryName = (choice.accountId() == null ? "your account's registry" : "registry "
                + choice.accountId()) + " (" + host + ", " + choice.region() + ")";

        boolean exists = repositoryExists(ecr, choice.accountId(), repository);
        if (!exists && !inputs.bool(Input.CREATE_REPOSITORY)) {
            throw new BadInputException(Input.ECR_REPOSITORY.inputName(), "The ECR repository \"" + repository
                    + "\" does not exist in " + registryName + ". Create it, fix ecr-repository, or set"
                    + " create-repository: true to let the action create it.",
                    inputs.resolved(Input.ECR_REPOSITORY).map(ActionInputs.Resolved::where).orElse(null));
        }
        List<String> tags = ImageTags.tags(context.state().version(), inputs.bool(Input.TAG_LATEST),
                inputs.list(Input.TAGS));
        String repositoryUri = host + "/" + repository;
        context.state().put(Results.IMAGE, new ImageRef(repositoryUri + ":" + tags.getFirst(), repositoryUri, tags, null, true));
        context.state().put(ImageResults.REGISTRY, new ImageResults.Registry(ecr, choice.accountId(), login, host, repository, exists));
        context.log().info("Image " + repositoryUri + ", tags " + String.join(", ", tags)
                + (exists ? "" : "; the repository will be created") + ".");
    }

    @Override
    public void apply(RunContext context) {
        ImageRef image = context.state().get(Results.IMAGE);
        ImageResults.Registry registry = context.state().get(ImageResults.REGISTRY);
        if (image == null || !image.built() || registry == null) {
            return;
        }
        ActionLog log = context.log();
        if (!registry.repositoryExists()) {
            createRepository(registry, log);
        }
        RegistryRetry retry = new RegistryRetry(PUSH_ATTEMPTS, FIRST_RETRY_DELAY, context.cancellation(),
                log::warning);
        String pushedDigest = null;
        try (ActionLog.Group ignored = log.group("Push " + image.repository())) {
            ImageEngine docker = ImageResults.session(context).engine();
            for (String tag : image.tags()) {
                String reference = image.repository() + ":" + tag;
                DockerOutput result = retry.run("docker push " + reference, () -> docker.push(reference,
                        log::info, context.cancellation()));
                if (!result.ok()) {
                    throw pushFailed(context, registry, "Pushing " + reference, result);
                }
                if (tag.equals(image.tags().getFirst())) {
                    pushedDigest = PushResults.digest(result.lines(), tag).orElse(null);
                }
            }
        } finally {
            ImageResults.endSession(context);
        }

        String digest = registryDigest(registry, image.tags().getFirst());
        if (pushedDigest != null && !pushedDigest.equals(digest)) {
            throw new StepFailedException(DeploymentStatus.FAILED, "The registry says " + image.uri() + " is "
                    + digest + ", but this run pushed " + pushedDigest + ": another push to the same tag?",
                    Annotation.titled("Image digest mismatch"), null);
        }
        ImageRef pushed = image.withDigest(digest);
        context.state().put(Results.IMAGE, pushed);
        context.outputs().set(ActionOutput.IMAGE_URI, pushed.uri());
        context.outputs().set(ActionOutput.IMAGE_DIGEST, digest);
        context.outputs().set(ActionOutput.IMAGE_TAGS, String.join(",",
                pushed.tags().stream().map(tag -> pushed.repository() + ":" + tag).toList()));
        log.info("Pushed " + pushed.uri() + " (" + digest + ").");
    }

    @Override
    public void complete(RunContext context, Outcome outcome) {
        ImageResults.endSession(context);
    }

    private static boolean repositoryExists(EcrClient ecr, String accountId, String repository) {
        try {
            ecr.describeRepositories(r -> r.registryId(accountId).repositoryNames(repository));
            return true;
        } catch (RepositoryNotFoundException e) {
            return false;
        }
    }

    private static void createRepository(ImageResults.Registry registry, ActionLog log) {
        try {
            // Mutable tags: `latest` moves with every release.
            registry.ecr().createRepository(r -> r.registryId(registry.accountId())
                    .repositoryName(registry.repository()).imageTagMutability(ImageTagMutability.MUTABLE));
            log.info("Created the ECR repository " + registry.repository() + ".");
        } catch (RepositoryAlreadyExistsException e) {
            log.info("The ECR repository " + registry.repository() + " exists now (created meanwhile).");
        }
    }

    /** The digest ECR lists for the tag: the registry's word, not the CLI's. */
    private static String registryDigest(ImageResults.Registry registry, String tag) {
        try {
            List<ImageDetail> details = registry.ecr().describeImages(r -> r.registryId(registry.accountId())
                    .repositoryName(registry.repository()).imageIds(id -> id.imageTag(tag))).imageDetails();
            if (!details.isEmpty() && details.getFirst().imageDigest() != null) {
                return details.getFirst().imageDigest();
            }
        } catch (ImageNotFoundException e) {
            // reported below
        }
        throw new StepFailedException(DeploymentStatus.FAILED, "ECR does not list " + registry.describe() + ":" + tag
                + " after the push.", Annotation.titled("Pushed image not found"), null);
    }

    private static StepFailedException pushFailed(RunContext context, ImageResults.Registry registry, String what,
                                                  DockerOutput result) {
        if (context.cancellation().isCancelled()) {
            return new StepFailedException(DeploymentStatus.CANCELLED, "Cancelled (" + context.cancellation().reason()
                    + ") while pushing the image", Annotation.titled("Run cancelled"), null);
        }
        String detail = result.lastLine();
        String reason = switch (PushResults.classify(result.lines())) {
            case AUTH -> what + " was refused: " + detail + ". The credentials need ecr:GetAuthorizationToken and,"
                    + " on the repository, ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload,"
                    + " ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage.";
            case NO_REPOSITORY -> what + " failed: the repository " + registry.repository() + " does not exist in "
                    + registry.host() + " (" + detail + "). Create it or set create-repository: true.";
            case TRANSIENT -> what + " failed " + PUSH_ATTEMPTS + " times; the last error: " + detail;
            case OTHER -> what + " failed: " + detail;
        };
        return new StepFailedException(DeploymentStatus.FAILED, reason, Annotation.titled("Image push failed"), null);
    }
}
