package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;

/** The task's platform against the image's. */
class ImagePlatformsTest {
    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "none, none, linux/amd64",
            "ARM64, none, linux/arm64",
            "X86_64, LINUX, linux/amd64",
            "ARM64, LINUX, linux/arm64",
            "X86_64, WINDOWS_SERVER_2022_CORE, windows/amd64"})
    void theTaskPlatformDefaultsToX86Linux(String architecture, String os, String expected) {
        RuntimePlatform platform = architecture == null && os == null ? null
                : RuntimePlatform.builder().cpuArchitecture(architecture).operatingSystemFamily(os).build();
        assertEquals(expected, ImagePlatforms.of(platform));
    }

    @Test
    void anIndexOffersItsPlatformsButNotItsAttestations() throws Exception {
        String index = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
                  {"digest": "sha256:a", "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}},
                  {"digest": "sha256:b", "platform": {"os": "linux", "architecture": "amd64"}},
                  {"digest": "sha256:c", "platform": {"os": "unknown", "architecture": "unknown"}}]}
                """;
        assertEquals(List.of("linux/arm64", "linux/amd64"), ImagePlatforms.ofIndex(new ObjectMapper().readTree(index)));
    }

    @Test
    void anArmImageOnAnX86TaskIsRefusedAndAMatchingOneIsNot() throws Exception {
        String config = ImagePlatforms.ofConfig(new ObjectMapper().readTree("{\"os\":\"linux\",\"architecture\":"
                + "\"arm64\"}"));
        Optional<String> problem = ImagePlatforms.mismatch("web:arm", List.of(config), "linux/amd64");
        assertTrue(problem.isPresent() && problem.get().contains("is for linux/arm64, but the task runs on"
                + " linux/amd64"), problem.toString());
        assertEquals(Optional.empty(), ImagePlatforms.mismatch("web:multi", List.of("linux/arm64", "linux/amd64"),
                "linux/amd64"));
        assertEquals(Optional.empty(), ImagePlatforms.mismatch("web:unknown", List.of(), "linux/amd64"),
                "nothing known, nothing claimed");
        assertEquals(List.of("linux/amd64", "linux/arm64"), ImagePlatforms.ofBuildInput("linux/amd64, linux/arm64/v8"));
    }
}
