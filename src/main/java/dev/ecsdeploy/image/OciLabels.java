package dev.ecsdeploy.image;

import dev.ecsdeploy.github.GithubContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OCI annotation labels that tie an image to its source: where the code is, which commit, which version, when.
 * Registries and scanners show them; a label is left out when the run does not know its value.
 */
public final class OciLabels {
    private OciLabels() {
    }

    public static Map<String, String> of(GithubContext github, String version, Instant created) {
        Map<String, String> labels = new LinkedHashMap<>();
        put(labels, "org.opencontainers.image.source", github.repositoryUrl());
        put(labels, "org.opencontainers.image.revision", github.sha());
        put(labels, "org.opencontainers.image.version", version);
        put(labels, "org.opencontainers.image.created", created.truncatedTo(ChronoUnit.SECONDS).toString());
        return labels;
    }

    private static void put(Map<String, String> labels, String name, String value) {
        if (value != null && !value.isBlank()) {
            labels.put(name, value);
        }
    }
}
