package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ecsdeploy.github.GithubContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildCommandTest {
    private static final String SECRET_VALUE = "npm-secret-value";

    @Test
    void everyInputBecomesItsOwnArgumentAndTheContextComesLast() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("PROJECT", "web1");
        args.put("NOTE", "two words; $(not a shell)");
        BuildCommand command = new BuildCommand("/ws/apps/web1/Dockerfile", "/ws", "linux/amd64", "runtime", true,
                args, List.of("id=npm_token,env=NPM_TOKEN"), Map.of("org.opencontainers.image.version", "v1.4.2"),
                List.of("reg/web:v1.4.2", "reg/web:latest"), "/tmp/iid");

        assertEquals(List.of("build", "--progress=plain", "--file", "/ws/apps/web1/Dockerfile",
                "--platform", "linux/amd64", "--target", "runtime", "--no-cache",
                "--build-arg", "PROJECT=web1", "--build-arg", "NOTE=two words; $(not a shell)",
                "--secret", "id=npm_token,env=NPM_TOKEN",
                "--label", "org.opencontainers.image.version=v1.4.2",
                "--tag", "reg/web:v1.4.2", "--tag", "reg/web:latest",
                "--iidfile", "/tmp/iid", "/ws"), command.arguments());
        assertFalse(String.join(" ", command.arguments()).contains(SECRET_VALUE));
    }

    @Test
    void optionalPartsAreLeftOutWhenNotGiven() {
        BuildCommand command = new BuildCommand("Dockerfile", ".", null, null, false, Map.of(), List.of(), Map.of(),
                List.of("reg/web:v1"), null);
        assertEquals(List.of("build", "--progress=plain", "--file", "Dockerfile", "--tag", "reg/web:v1", "."),
                command.arguments());
    }

    @Test
    void ociLabelsComeFromTheRunnerContextAndLeaveOutWhatIsUnknown() {
        GithubContext github = new GithubContext(true, "https://github.com", "acme/shop", "1", "1", "Deploy", "deploy",
                "jimin", "9f1c2d3e", "main", "push", null, Path.of("/ws"), null, null);
        assertEquals(Map.of(
                "org.opencontainers.image.source", "https://github.com/acme/shop",
                "org.opencontainers.image.revision", "9f1c2d3e",
                "org.opencontainers.image.version", "v1.4.2",
                "org.opencontainers.image.created", "2026-11-29T05:01:02Z"),
                OciLabels.of(github, "v1.4.2", Instant.parse("2026-11-29T05:01:02.345Z")));

        GithubContext local = new GithubContext(false, "https://github.com", null, null, null, null, null, null, null,
                null, null, null, Path.of("/ws"), null, null);
        assertEquals(List.of("org.opencontainers.image.version", "org.opencontainers.image.created"),
                List.copyOf(OciLabels.of(local, "v1.4.2", Instant.EPOCH).keySet()));
    }
}
