package dev.ecsdeploy.image;

import dev.ecsdeploy.util.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The layer cache a build reads and writes, as the engine at hand can do it. By default a build reads the
 * repository's last pushed image ({@link LastPushedImage}) and writes inline cache metadata into the image it pushes,
 * so the next run (on an empty engine) reuses its layers; {@code cache-from} / {@code cache-to} replace either half,
 * and {@code no-cache} turns both off.
 *
 * <p>What each engine takes was tried on Debian's docker 20.10.24 CLI and engine: {@code docker build} there builds
 * with the engine's built-in BuildKit (as the action's own Engine API client does: {@code POST /build?version=2}
 * with {@code cachefrom} image references and the build args), its {@code --cache-from} takes image references only (a
 * {@code type=registry,ref=...} value is read as two references and refused: "invalid reference format"), and it has
 * no {@code --cache-to} ("unknown flag"): the inline cache is asked for with the build argument
 * {@code BUILDKIT_INLINE_CACHE=1}. Every other cache (local, gha, a separate registry cache, {@code mode=max}) is
 * buildx's: a CLI from 23.0 builds through the buildx plugin, which takes the specs as written.
 *
 * @param from     what the user gave in cache-from (empty: the default)
 * @param to       what the user gave in cache-to (empty: inline)
 * @param disabled {@code no-cache: true}
 * @param engine   how the build runs
 */
@Decision
public record BuildCache(List<CacheSpec> from, List<CacheSpec> to, boolean disabled, Engine engine) {
    /**
     * How the build runs: with the engine's built-in BuildKit (the Engine API, the action's default, and a Docker CLI
     * before 23.0, whose {@code docker build} sends the same request), or through a CLI's buildx plugin.
     */
    public enum Engine {
        BUILTIN, BUILDX;

        public static Engine of(String clientVersion) {
            return CheckDockerStep.needsBuildxPlugin(clientVersion) ? BUILDX : BUILTIN;
        }
    }

    static final String INLINE_CACHE_ARG = "BUILDKIT_INLINE_CACHE=1";

    /**
     * Why the engine cannot use this cache, or null when it can. {@code driver} is the buildx builder's driver
     * (null when unknown or not buildx): the {@code docker} driver exports no cache but the inline one.
     */
    public static String unsupported(CacheSpec spec, CacheSpec.Direction direction, Engine engine, String driver) {
        boolean inline = "inline".equals(spec.type());
        if (engine == Engine.BUILTIN) {
            if (direction == CacheSpec.Direction.FROM ? "registry".equals(spec.type()) : inline) {
                return null;
            }
            return "type=" + spec.type() + (direction == CacheSpec.Direction.TO && !inline ? " cache export" : "")
                    + " needs the buildx plugin, and this build runs on the Docker engine's built-in BuildKit, which"
                    + " reads a cache only from an image (type=registry,ref=IMAGE) and writes only the inline cache"
                    + " (type=inline). Use those, or set ECS_DEPLOY_DOCKER to a Docker CLI from 23.0 with"
                    + " docker-buildx";
        }
        if (direction == CacheSpec.Direction.TO && !inline && "docker".equals(driver)) {
            return "the buildx builder uses the docker driver, which exports only the inline cache: use type=inline,"
                    + " or create a docker-container builder first (docker buildx create --use)";
        }
        return null;
    }

    /** The default sources as specs: the images the last run pushed. */
    static List<CacheSpec> registry(List<String> references) {
        return references.stream().map(reference -> new CacheSpec("registry", Map.of("ref", reference)))
                .toList();
    }

    /** The sources this build reads: those given, else the default ones. */
    public List<CacheSpec> sources(List<String> defaultReferences) {
        if (disabled) {
            return List.of();
        }
        return from.isEmpty() ? registry(defaultReferences) : from;
    }

    /** What this build writes: those given, else the inline cache. */
    public List<CacheSpec> exports() {
        if (disabled) {
            return List.of();
        }
        return to.isEmpty() ? List.of(new CacheSpec("inline", Map.of())) : to;
    }

    /** The {@code docker build} arguments for the cache. */
    public List<String> arguments(List<String> defaultReferences) {
        List<String> args = new ArrayList<>();
        for (CacheSpec source : sources(defaultReferences)) {
            args.add("--cache-from");
            args.add(engine == Engine.BUILTIN ? source.ref() : source.canonical());
        }
        for (CacheSpec export : exports()) {
            if (engine == Engine.BUILTIN) {
                args.add("--build-arg");
                args.add(INLINE_CACHE_ARG);
            } else {
                args.add("--cache-to");
                args.add(export.canonical());
            }
        }
        return args;
    }

    /** One line for the log: where layers may come from and what the image carries for the next run. */
    public String describe(List<String> defaultReferences) {
        if (disabled) {
            return "Build cache: none (no-cache): every layer is built afresh and no cache is written.";
        }
        List<CacheSpec> sources = sources(defaultReferences);
        String reads = sources.isEmpty()
                ? (from.isEmpty() ? "no earlier image in the repository to reuse layers from" : "no cache to read")
                : "reusing layers from " + String.join(", ", sources.stream()
                .map(spec -> spec.ref() != null ? spec.ref() : spec.canonical()).toList());
        String writes = String.join(", ", exports().stream().map(spec -> "inline".equals(spec.type())
                ? "inline cache metadata in the pushed image" : spec.canonical()).toList());
        return "Build cache: " + reads + "; writing " + writes + ".";
    }
}
