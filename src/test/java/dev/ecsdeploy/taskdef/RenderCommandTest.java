package dev.ecsdeploy.taskdef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `render` of a file with a given image works on a laptop with no AWS set up: no region, no credentials, no calls. */
class RenderCommandTest {
    @TempDir
    Path temp;

    @Test
    void renderingAFileWithAnImageNeedsNoAws() throws Exception {
        Path rendered = temp.resolve("rendered.json");
        ActionHarness.Run run = new ActionHarness(temp)
                .env("AWS_REGION", "").env("AWS_DEFAULT_REGION", "")
                .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9") // nothing listens: any call would fail the run
                .input("command", "render")
                .input("version-file", "apps/web1/package.json")
                .input("image", "ghcr.io/acme/web1:v1.4.2")
                .input("task-definition", "apps/web1/task-definition.json")
                .input("environment-variables", "LOG_LEVEL=debug")
                .input("rendered-file", rendered.toString())
                .run();

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(rendered.toString(), run.output("task-definition-file"));
        JsonNode app = new ObjectMapper().readTree(rendered.toFile()).path("containerDefinitions").get(0);
        assertEquals("ghcr.io/acme/web1:v1.4.2", app.path("image").asText());
        assertTrue(app.path("environment").toString().contains("LOG_LEVEL"), app.toString());
    }
}
