package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerVersionTest {
    @ParameterizedTest(name = "CLI {0}: needs buildx {1}")
    @CsvSource({"20.10.24+dfsg1, false", "19.03.15, false", "23.0.0, true", "28.2.2, true", "27.5.1-1, true",
            "unknown, true"})
    void onlyCliFrom23OnNeedsTheBuildxPlugin(String version, boolean needsPlugin) {
        assertEquals(needsPlugin, CheckDockerStep.needsBuildxPlugin(version));
    }
}
