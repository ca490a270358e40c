package dev.ecsdeploy.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;

/**
 * Which platforms an image offers against the one the task runs on. An index (OCI image index, Docker manifest list)
 * names its platforms; a single image says its os and architecture in its config. The task's platform is its
 * {@code runtimePlatform}, X86_64 / LINUX when absent (task definition parameters, "Runtime platform"). Pure.
 */
final class ImagePlatforms {
    static final List<String> INDEX_TYPES = List.of("application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    static final List<String> MANIFEST_TYPES = List.of("application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private ImagePlatforms() {
    }

    /** The task's platform as Docker writes it: {@code linux/amd64}, {@code linux/arm64}, {@code windows/amd64}. */
    static String of(RuntimePlatform platform) {
        String architecture = platform == null || platform.cpuArchitecture() == null ? "X86_64"
                : platform.cpuArchitectureAsString();
        String os = platform == null || platform.operatingSystemFamily() == null ? "LINUX"
                : platform.operatingSystemFamilyAsString();
        return (os.startsWith("WINDOWS") ? "windows" : "linux") + "/" + (architecture.equals("ARM64") ? "arm64"
                : "amd64");
    }

    /** The platforms an index offers; attestation entries ({@code unknown/unknown}) are not platforms. */
    static List<String> ofIndex(JsonNode index) {
        List<String> platforms = new ArrayList<>();
        for (JsonNode entry : index.path("manifests")) {
            JsonNode platform = entry.path("platform");
            String os = platform.path("os").asText("");
            String architecture = platform.path("architecture").asText("");
            if (!os.isEmpty() && !os.equals("unknown") && !architecture.equals("unknown")) {
                platforms.add(os + "/" + architecture);
            }
        }
        return platforms;
    }

    /** The platform in an image config blob ({@code os}, {@code architecture}). */
    static String ofConfig(JsonNode config) {
        return config.path("os").asText("linux") + "/" + config.path("architecture").asText("amd64");
    }

    /** Platforms from a {@code platform} build input such as {@code linux/amd64,linux/arm64}. */
    static List<String> ofBuildInput(String value) {
        List<String> platforms = new ArrayList<>();
        for (String part : value.split(",")) {
            String[] pieces = part.trim().toLowerCase(Locale.ROOT).split("/");
            if (pieces.length >= 2) {
                platforms.add(pieces[0] + "/" + pieces[1]);
            }
        }
        return platforms;
    }

    /** Why the task cannot run the image, or empty when one of its platforms is the task's. */
    static Optional<String> mismatch(String image, List<String> offered, String wanted) {
        if (offered.isEmpty() || offered.contains(wanted)) {
            return Optional.empty();
        }
        return Optional.of("The image " + image + " is for " + String.join(", ", offered) + ", but the task runs on "
                + wanted + " (runtimePlatform" + (wanted.equals("linux/amd64") ? ", X86_64 / LINUX when absent" : "")
                + "): its tasks would stop with exec format error. Build the image for " + wanted + " (the platform"
                + " input), or set runtimePlatform.cpuArchitecture to match.");
    }
}
