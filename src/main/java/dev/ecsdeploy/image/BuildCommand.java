package dev.ecsdeploy.image;

import dev.ecsdeploy.util.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code docker build} arguments for a build, as one list (the CLI is never run through a shell). Secret
 * arguments name where BuildKit finds the value (an environment variable or a file), never the value.
 *
 * @param dockerfile the Dockerfile path
 * @param context    the build context (a directory, or a Git/HTTP URL)
 * @param platform   e.g. {@code linux/amd64}
 * @param target     the stage to build, or null for the last
 * @param noCache    build every layer afresh
 * @param buildArgs  {@code --build-arg} values, in order
 * @param secrets    {@code --secret} values as {@link BuildSecret#cliArgument} gives them
 * @param labels     image labels
 * @param references every {@code host/repository:tag} the image gets
 * @param imageIdFile where the CLI writes the built image's id
 * @param cacheArguments the cache's arguments as {@link BuildCache#arguments} gives them
 */
@Decision
public record BuildCommand(String dockerfile, String context, String platform, String target, boolean noCache,
                           Map<String, String> buildArgs, List<String> secrets, Map<String, String> labels,
                           List<String> references, String imageIdFile, List<String> cacheArguments) {

    /** A build with no cache arguments. */
    public BuildCommand(String dockerfile, String context, String platform, String target, boolean noCache,
                        Map<String, String> buildArgs, List<String> secrets, Map<String, String> labels,
                        List<String> references, String imageIdFile) {
        this(dockerfile, context, platform, target, noCache, buildArgs, secrets, labels, references, imageIdFile,
                List.of());
    }

    /** Plain progress: one line per event, readable in a log (the TTY progress redraws the screen). */
    public List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("build", "--progress=plain", "--file", dockerfile));
        if (platform != null && !platform.isBlank()) {
            args.add("--platform");
            args.add(platform);
        }
        if (target != null && !target.isBlank()) {
            args.add("--target");
            args.add(target);
        }
        if (noCache) {
            args.add("--no-cache");
        }
        buildArgs.forEach((name, value) -> {
            args.add("--build-arg");
            args.add(name + "=" + value);
        });
        for (String secret : secrets) {
            args.add("--secret");
            args.add(secret);
        }
        labels.forEach((name, value) -> {
            args.add("--label");
            args.add(name + "=" + value);
        });
        for (String reference : references) {
            args.add("--tag");
            args.add(reference);
        }
        args.addAll(cacheArguments);
        if (imageIdFile != null) {
            args.add("--iidfile");
            args.add(imageIdFile);
        }
        args.add(context);
        return args;
    }
}
