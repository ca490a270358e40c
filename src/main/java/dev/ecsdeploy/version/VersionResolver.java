package dev.ecsdeploy.version;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.util.Decision;
import dev.ecsdeploy.util.SourceDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The version to deploy: the explicit {@code version} input, or (when empty or {@code latest}) the {@code version}
 * field of the version file, as the source workflow reads it with {@code jq -r .version}; prefixed when the prefix is
 * missing; checked against the pattern.
 */
@Decision
public final class VersionResolver {
    public static final String LATEST = "latest";

    /** The version and where it came from. */
    public record Resolved(String version, String source) {
    }

    private VersionResolver() {
    }

    /**
     * @param explicit    the version input, or null
     * @param versionFile the version file, resolved against the workspace
     * @param displayName how annotations name the file (relative to the workspace)
     */
    public static Resolved resolve(String explicit, Path versionFile, String displayName, String prefix,
                                   Pattern pattern) {
        if (explicit != null && !explicit.isBlank() && !explicit.trim().equals(LATEST)) {
            String version = withPrefix(explicit.trim(), prefix);
            if (!pattern.matcher(version).matches()) {
                throw new BadInputException(Input.VERSION.inputName(), "The version \"" + version + "\" does not match "
                        + pattern.pattern() + "; give a version such as 1.4.2.");
            }
            return new Resolved(version, "version input");
        }
        return fromFile(versionFile, displayName, prefix, pattern);
    }

    private static Resolved fromFile(Path file, String displayName, String prefix, Pattern pattern) {
        String input = Input.VERSION_FILE.inputName();
        if (!Files.exists(file)) {
            throw new BadInputException(input, "The version file " + displayName + " does not exist; set version-file"
                    + " to the package.json of the app (e.g. apps/web1/package.json) or give version.");
        }
        SourceDocument document;
        try {
            document = SourceDocument.readAs(file, displayName, false);
        } catch (SourceDocument.SyntaxException e) {
            throw new BadInputException(input, "The version file " + e.getMessage(), Annotation.at(displayName,
                    e.line()));
        }
        JsonNode field = document.root().path("version");
        Integer line = document.lineOf("/version");
        if (!field.isValueNode() || field.isNull() || field.asText().isBlank()) {
            throw new BadInputException(input, displayName + " has no version field; add \"version\": \"1.0.0\" or"
                    + " give the version input.", Annotation.at(displayName, line == null ? 1 : line));
        }
        String raw = field.asText().trim();
        String version = withPrefix(raw, prefix);
        if (!pattern.matcher(version).matches()) {
            throw new BadInputException(input, "The version \"" + raw + "\" in " + displayName + " gives \"" + version
                    + "\", which does not match " + pattern.pattern() + "; use a version such as 1.4.2.",
                    Annotation.at(displayName, line));
        }
        return new Resolved(version, displayName);
    }

    static String withPrefix(String version, String prefix) {
        return prefix == null || prefix.isEmpty() || version.startsWith(prefix) ? version : prefix + version;
    }
}
