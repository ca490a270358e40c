package dev.ecsdeploy.version;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.pipeline.ResolvedVersion;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves the version and writes the {@code version} output at once, whatever later steps do. */
public final class VersionStep implements Step {
    @Override
    public String name() {
        return "resolve version";
    }

    @Override
    public void plan(RunContext context) {
        ActionInputs inputs = context.inputs();
        Path file = inputs.path(Input.VERSION_FILE);
        if (versionNotNeeded(inputs, file)) {
            context.log().info("No version: deploying the pre-built image " + inputs.string(Input.IMAGE) + ".");
            return;
        }
        String displayName = context.inputs().workspace().relativize(file.toAbsolutePath()).toString();
        VersionResolver.Resolved resolved = VersionResolver.resolve(inputs.string(Input.VERSION), file,
                displayName.startsWith("..") ? file.toString() : displayName,
                inputs.string(Input.VERSION_PREFIX), inputs.regex(Input.VERSION_PATTERN));
        context.state().put(Results.VERSION, new ResolvedVersion(resolved.version(), resolved.source()));
        context.outputs().set(ActionOutput.VERSION, resolved.version());
        context.log().info("Version " + resolved.version() + " (from " + resolved.source() + ")");
    }

    /**
     * A pre-built image needs no version; an explicit version, a version file the user named (which must then
     * exist: naming it says they mean it) or the default one when present is still read.
     */
    private static boolean versionNotNeeded(ActionInputs inputs, Path file) {
        boolean explicit = inputs.isSet(Input.VERSION) && !VersionResolver.LATEST.equals(inputs.string(Input.VERSION));
        return inputs.isSet(Input.IMAGE) && !explicit && !inputs.isGiven(Input.VERSION_FILE) && !Files.exists(file);
    }
}
