package dev.ecsdeploy.taskdef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The render action's inputs, as a user moving over would write them: rendered, shown in the diff, or refused. */
class RenderOverridesCommandTest {
    @TempDir
    Path temp;

    private ActionHarness withOverrides(ActionHarness harness) {
        return harness
                .input("version-file", "apps/web1/package.json")
                .input("image", "ghcr.io/acme/web1:v1.4.2")
                .input("task-definition", "apps/web1/task-definition.json")
                .input("docker-labels", "com.acme.release=v1.4.2")
                .input("container-command", "[\"node\", \"server.js\"]")
                .input("env-files", "arn:aws:s3:::acme-config/web1/prod.env")
                .input("log-configuration-options", "awslogs-stream-prefix=web1")
                .input("task-role-arn", "arn:aws:iam::123456789012:role/web1TaskRole")
                .input("task-cpu", "512")
                .input("task-memory", "1024")
                .input("task-definition-tags", "release=v1.4.2");
    }

    @Test
    void renderPutsEveryOverrideInTheFile() throws Exception {
        Path rendered = temp.resolve("rendered.json");
        ActionHarness.Run run = withOverrides(new ActionHarness(temp)
                .env("AWS_REGION", "").env("AWS_DEFAULT_REGION", "")
                .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
                .input("command", "render")
                .input("rendered-file", rendered.toString()))
                .run();

        assertEquals(0, run.exitCode(), run.toString());
        JsonNode task = new ObjectMapper().readTree(rendered.toFile());
        JsonNode app = task.path("containerDefinitions").get(0);
        assertEquals("v1.4.2", app.at("/dockerLabels/com.acme.release").asText(), app.toString());
        assertEquals("[\"node\",\"server.js\"]", app.path("command").toString());
        assertEquals("arn:aws:s3:::acme-config/web1/prod.env", app.at("/environmentFiles/0/value").asText());
        assertEquals("s3", app.at("/environmentFiles/0/type").asText());
        assertEquals("web1", app.at("/logConfiguration/options/awslogs-stream-prefix").asText());
        assertEquals("/ecs/web", app.at("/logConfiguration/options/awslogs-group").asText());
        assertEquals("arn:aws:iam::123456789012:role/web1TaskRole", task.path("taskRoleArn").asText());
        assertEquals("512", task.path("cpu").asText());
        assertEquals("1024", task.path("memory").asText());
        assertEquals("[{\"key\":\"release\",\"value\":\"v1.4.2\"}]", task.path("tags").toString());
    }

    @Test
    void theDiffShowsEveryOverride() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05))) {
            ActionHarness.Run run = withOverrides(new ActionHarness(temp).aws(sandbox.endpoint())
                    .input("command", "diff").input("cluster", "demo").input("service", "web"))
                    .run();

            assertEquals(0, run.exitCode(), run.toString());
            for (String line : new String[] {"+    dockerLabels:", "+      com.acme.release: v1.4.2", "+  - command:",
                    "+        value: arn:aws:s3:::acme-config/web1/prod.env", "+        awslogs-stream-prefix: web1",
                    "+taskRoleArn: arn:aws:iam::123456789012:role/web1TaskRole", "+cpu: 512", "+memory: 1024"}) {
                assertTrue(run.log().lines().anyMatch(line::equals), line + "\n" + run.log());
            }
        }
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("container-command", "[\"node\", 1]"),
                Arguments.of("env-files", "s3://acme-config/web1/prod.env"),
                Arguments.of("log-configuration-log-driver", "cloudwatch"),
                Arguments.of("task-role-arn", "web1TaskRole"),
                Arguments.of("execution-role-arn", "arn:aws:iam::123456789012:user/ci"),
                Arguments.of("task-cpu", "fast"),
                Arguments.of("task-memory", "1 GiB"),
                Arguments.of("task-definition-tags", "aws:team=shop"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void aBadValueIsExit2NamingTheInput(String input, String value) {
        ActionHarness.Run run = new ActionHarness(temp)
                .env("AWS_REGION", "").env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
                .input("command", "render")
                .input("version-file", "apps/web1/package.json")
                .input("image", "ghcr.io/acme/web1:v1.4.2")
                .input("task-definition", "apps/web1/task-definition.json")
                .input("rendered-file", temp.resolve("rendered.json").toString())
                .input(input, value)
                .run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.annotations("error").stream().anyMatch(line -> line.contains("Input " + input)), run.log());
    }
}
