package dev.ecsdeploy.image;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.ImageRef;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.StepFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Builds the image with BuildKit, tagged with every reference it will be pushed as, logged in to the registry
 * (the session the push uses). The build log streams into a
 * collapsible group; a failed build stops the run with the failing step's output in the error annotation.
 */
public final class BuildImageStep implements Step {
    @Override
    public String name() {
        return "build image";
    }

    @Override
    public void apply(RunContext context) {
        ImageRef image = context.state().get(Results.IMAGE);
        ImageResults.Build build = context.state().get(ImageResults.BUILD);
        if (image == null || !image.built() || build == null || context.state().get(ImageResults.REGISTRY) == null) {
            return;
        }
        ActionInputs inputs = context.inputs();
        List<String> references = image.tags().stream().map(tag -> image.repository() + ":" + tag).toList();
        List<String> previous = previousImages(context, build.cache());
        ImageEngine.ImageBuild imageBuild = new ImageEngine.ImageBuild(build.dockerfile(), build.dockerfileDisplay(),
                build.context(), inputs.string(Input.PLATFORM), inputs.string(Input.TARGET),
                inputs.bool(Input.NO_CACHE), inputs.keyValues(Input.BUILD_ARGS), build.secrets(),
                build.secretEnvironment(), OciLabels.of(context.github(), context.state().version(),
                context.clock().instant()), references, build.cache(), previous);
        // Logged in first, so the Dockerfile may start FROM an image in the same registry.
        ImageEngine docker = ImageResults.session(context).engine();

        ActionLog log = context.log();
        CacheImportLog cacheLog = new CacheImportLog();
        ImageEngine.Built built;
        long started = System.nanoTime();
        try (ActionLog.Group ignored = log.group("Build " + image.uri())) {
            built = docker.build(imageBuild, cacheLog.andThen(log::info), context.cancellation());
        }
        cacheLog.unreadable().forEach((source, reason) -> log.notice(CacheImportLog.notice(source, reason)));
        if (context.cancellation().isCancelled()) {
            throw new StepFailedException(DeploymentStatus.CANCELLED, "Cancelled (" + context.cancellation()
                    .reason() + ") while building the image", Annotation.titled("Run cancelled"), null);
        }
        if (!built.result().ok()) {
            throw failed(build, built.result());
        }
        log.info("Built " + built.imageId() + " in " + String.format(java.util.Locale.ROOT, "%.1f",
                (System.nanoTime() - started) / 1e9) + "s, tagged "
                + String.join(", ", image.tags()) + ".");
    }

    /** The cache's default sources: the last image ECR lists (a notice when there is none); logs the cache. */
    private static List<String> previousImages(RunContext context, BuildCache cache) {
        ActionLog log = context.log();
        ImageResults.Registry registry = context.state().require(ImageResults.REGISTRY);
        List<String> previous = List.of();
        if (!cache.disabled() && cache.from().isEmpty()) {
            // A cache that cannot be read is never a failure: the build goes on without it.
            try {
                previous = LastPushedImage.references(registry);
                if (previous.isEmpty()) {
                    log.notice("No earlier image in " + registry.describe() + " to reuse layers from (its"
                            + " first build); this one carries the cache for the next.");
                }
            } catch (SdkException e) {
                log.notice("No layers reused from an earlier image: listing " + registry.describe()
                        + " failed (" + e.getMessage() + "); the build goes on without a cache.");
            }
        }
        log.info(cache.describe(previous));
        return previous;
    }

    private static StepFailedException failed(ImageResults.Build build, DockerOutput result) {
        BuildFailure failure = BuildFailure.explain(result.lines());
        Integer line = null;
        try {
            line = failure.dockerfileLine(Files.readAllLines(build.dockerfile()));
        } catch (IOException ignored) {
            // the annotation then points at no line
        }
        return new StepFailedException(DeploymentStatus.FAILED, failure.message(),
                new Annotation(build.dockerfileDisplay(), line, "Docker build failed"), null);
    }
}
