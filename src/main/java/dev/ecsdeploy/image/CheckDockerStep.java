package dev.ecsdeploy.image;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.image.engine.ContextArchive;
import dev.ecsdeploy.image.engine.EngineAddress;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.util.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, while planning, everything a build needs before anything happens: the repository name and tags, the
 * Dockerfile and context, the target stage, the platform, the build secrets and their sources, and a Docker engine
 * that answers with BuildKit available. Any problem is bad input (exit 2) naming the input to fix.
 */
public final class CheckDockerStep implements Step {
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(?:/[a-z0-9]+)?");
    private static final Pattern STAGE = Pattern.compile("(?i)^\\s*FROM\\s+.*\\s+AS\\s+(\\S+)\\s*$");
    private static final Pattern VERSION_MAJOR = Pattern.compile("^(\\d+)\\.");

    @Override
    public String name() {
        return "check image build";
    }

    @Override
    public void plan(RunContext context) throws IOException {
        ActionInputs inputs = context.inputs();
        if (inputs.isSet(Input.IMAGE)) {
            return;
        }
        String repository = inputs.require(Input.ECR_REPOSITORY, "to build and push an image (or give image to deploy"
                + " a pre-built one)");
        if (!ImageTags.isValidRepository(repository)) {
            throw inputs.invalid(Input.ECR_REPOSITORY, "\"" + repository + "\" is not an ECR repository name: use"
                    + " lower-case letters, digits and . _ - / (e.g. web or shop/web1).");
        }
        checkTags(context);

        Path dockerfile = inputs.path(Input.DOCKERFILE);
        String dockerfileDisplay = inputs.string(Input.DOCKERFILE);
        if (!Files.isRegularFile(dockerfile)) {
            throw inputs.invalid(Input.DOCKERFILE, dockerfileDisplay + " does not exist (looked at " + dockerfile
                    + "). Give the Dockerfile's path relative to the workspace.");
        }
        String buildContext = buildContext(inputs);
        checkTarget(inputs, dockerfile);
        String platform = inputs.string(Input.PLATFORM);
        if (platform != null && !PLATFORM.matcher(platform).matches()) {
            throw inputs.invalid(Input.PLATFORM, "\"" + platform + "\" is not one platform such as linux/amd64 or"
                    + " linux/arm64 (an ECS task runs one architecture).");
        }

        List<ImageResults.SecretSource> secretSources = new ArrayList<>();
        Map<String, String> secretEnvironment = new LinkedHashMap<>();
        List<BuildSecret> secrets;
        try {
            secrets = BuildSecret.parseAll(inputs.list(Input.BUILD_SECRETS));
        } catch (IllegalArgumentException e) {
            throw inputs.invalid(Input.BUILD_SECRETS, e.getMessage() + ".");
        }
        for (BuildSecret secret : secrets) {
            secretSources.add(new ImageResults.SecretSource(secret, secretSource(context, secret, secretEnvironment)));
        }

        List<CacheSpec> cacheFrom = cacheSpecs(inputs, Input.CACHE_FROM, CacheSpec.Direction.FROM);
        List<CacheSpec> cacheTo = cacheSpecs(inputs, Input.CACHE_TO, CacheSpec.Direction.TO);

        ImageEngine docker;
        try {
            docker = ImageEngine.forEnvironment(context.env());
        } catch (EngineAddress.UnsupportedAddressException e) {
            throw new BadInputException(null, e.getMessage() + ".");
        }
        ImageEngine.Checked engine = docker.check();
        BuildCache cache = checkCache(context, docker, engine, cacheFrom, cacheTo);
        context.state().put(ImageResults.BUILD, new ImageResults.Build(docker, dockerfile, dockerfileDisplay,
                buildContext, secretSources, secretEnvironment, cache));
        context.log().info("Docker " + engine.description() + "; building " + dockerfileDisplay + " in " + inputs.string(Input.BUILD_CONTEXT)
                + (secrets.isEmpty() ? "" : " with secrets " + String.join(", ",
                secrets.stream().map(BuildSecret::id).toList())) + ".");
    }

    private static void checkTags(RunContext context) {
        ActionInputs inputs = context.inputs();
        String version = context.state().version();
        if (version == null) {
            throw inputs.missing(Input.VERSION, "to tag the image");
        }
        if (!ImageTags.isValidTag(version)) {
            throw new BadInputException(Input.VERSION.inputName(), "The version \"" + version + "\" cannot be an"
                    + " image tag: tags are letters, digits, '_', '.' and '-', at most 128, not starting with '.'"
                    + " or '-'.");
        }
        for (String tag : inputs.list(Input.TAGS)) {
            if (!ImageTags.isValidTag(tag)) {
                throw inputs.invalid(Input.TAGS, "\"" + tag + "\" is not a valid image tag (letters, digits, '_',"
                        + " '.' and '-', at most 128, not starting with '.' or '-').");
            }
        }
    }

    private static String buildContext(ActionInputs inputs) throws IOException {
        String given = inputs.string(Input.BUILD_CONTEXT);
        if (given.contains("://") || given.startsWith("git@")) {
            return given;
        }
        Path path = inputs.path(Input.BUILD_CONTEXT);
        if (!Files.isDirectory(path)) {
            throw inputs.invalid(Input.BUILD_CONTEXT, given + " is not a directory (looked at " + path + ").");
        }
        // A .dockerignore pattern Docker refuses fails every build of the context: say so before anything changes.
        ContextArchive.checkIgnoreFile(path);
        return path.toString();
    }

    private static void checkTarget(ActionInputs inputs, Path dockerfile) throws IOException {
        String target = inputs.string(Input.TARGET);
        if (target == null || target.isEmpty()) {
            return;
        }
        List<String> stages = new ArrayList<>();
        for (String line : Files.readAllLines(dockerfile)) {
            Matcher matcher = STAGE.matcher(line);
            if (matcher.matches()) {
                stages.add(matcher.group(1));
            }
        }
        if (stages.stream().noneMatch(stage -> stage.equalsIgnoreCase(target))) {
            throw inputs.invalid(Input.TARGET, "the Dockerfile " + inputs.string(Input.DOCKERFILE) + " has no stage \""
                    + target + "\"" + (stages.isEmpty() ? " (it names no stages with FROM ... AS name)"
                    : "; its stages are " + String.join(", ", stages) + "." + Suggestions.didYouMean(target, stages)));
        }
    }

    /** Where BuildKit reads the secret; the value is masked now and the source must exist. */
    private static String secretSource(RunContext context, BuildSecret secret, Map<String, String> environment)
            throws IOException {
        ActionInputs inputs = context.inputs();
        if (secret.env() != null) {
            String value = context.env().get(secret.env());
            if (value == null || value.isEmpty()) {
                throw inputs.invalid(Input.BUILD_SECRETS, "the secret \"" + secret.id() + "\" reads the environment"
                        + " variable " + secret.env() + ", which is not set. Pass it to the step, e.g. env: "
                        + secret.env() + ": ${{ secrets." + secret.env() + " }}");
            }
            context.log().mask(value);
            environment.put(secret.env(), value);
            return null;
        }
        Path file = inputs.workspace().resolve(secret.src()).normalize();
        if (!Files.isRegularFile(file)) {
            throw inputs.invalid(Input.BUILD_SECRETS, "the secret \"" + secret.id() + "\" reads the file "
                    + secret.src() + ", which does not exist (looked at " + file + ").");
        }
        if (Files.size(file) <= 64 * 1024) {
            context.log().mask(Files.readString(file).strip());
        }
        return file.toString();
    }

    private static List<CacheSpec> cacheSpecs(ActionInputs inputs, Input input, CacheSpec.Direction direction) {
        try {
            return CacheSpec.parseAll(inputs.list(input), direction);
        } catch (IllegalArgumentException e) {
            throw inputs.invalid(input, e.getMessage() + ".");
        }
    }

    /** Every cache given must be one this engine can use; {@code no-cache} then overrides them (with a warning). */
    private static BuildCache checkCache(RunContext context, ImageEngine docker, ImageEngine.Checked engine,
                                         List<CacheSpec> from,
                                         List<CacheSpec> to) {
        ActionInputs inputs = context.inputs();
        String driver = engine.kind() == BuildCache.Engine.BUILDX && to.stream().anyMatch(spec -> !"inline"
                .equals(spec.type())) ? docker.buildxDriver() : null;
        for (CacheSpec spec : from) {
            String problem = BuildCache.unsupported(spec, CacheSpec.Direction.FROM, engine.kind(), driver);
            if (problem != null) {
                throw inputs.invalid(Input.CACHE_FROM, "\"" + spec.canonical() + "\": " + problem + ".");
            }
        }
        for (CacheSpec spec : to) {
            String problem = BuildCache.unsupported(spec, CacheSpec.Direction.TO, engine.kind(), driver);
            if (problem != null) {
                throw inputs.invalid(Input.CACHE_TO, "\"" + spec.canonical() + "\": " + problem + ".");
            }
        }
        boolean noCache = inputs.bool(Input.NO_CACHE);
        if (noCache && !(from.isEmpty() && to.isEmpty())) {
            context.log().warning("no-cache is true, so cache-from and cache-to are not used.");
        }
        return new BuildCache(from, to, noCache, engine.kind());
    }

    /** Exit 2: the engine does not answer ({@code reason} says how), with where to look. */
    static BadInputException engineDoesNotAnswer(String reason) {
        return new BadInputException(null, "The Docker engine does not answer: " + reason
                + ". In a container action the runner mounts its Docker socket; elsewhere start Docker or set"
                + " DOCKER_HOST. To deploy a pre-built image instead, give image.");
    }

    /** CLIs from 23.0 on build with BuildKit only through the buildx plugin; older ones have it built in. */
    static boolean needsBuildxPlugin(String clientVersion) {
        Matcher matcher = VERSION_MAJOR.matcher(clientVersion.toLowerCase(Locale.ROOT));
        return !matcher.find() || Integer.parseInt(matcher.group(1)) >= 23;
    }
}
