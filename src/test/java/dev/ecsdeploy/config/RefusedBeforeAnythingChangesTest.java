package dev.ecsdeploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14's files and inputs, through the whole action against the sandbox: each is exit 2 with one ::error that
 * names the input or the file and line, and the sandbox saw no call that changes anything.
 */
class RefusedBeforeAnythingChangesTest {
    private static final String TASK_DEFINITION = """
            {
              "family": "web",
              "networkMode": "awsvpc",
              "requiresCompatibilities": ["FARGATE"],
              "cpu": "256",
              "memory": "512",
              "containerDefinitions": [{"name": "app", "image": "nginx", "essential": true}]
            }
            """;
    private static Sandbox sandbox;

    @TempDir
    Path temp;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    /** A deploy of web from a workspace of its own, holding package.json and what the case writes. */
    private ActionHarness deploy() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("workspace"));
        Files.writeString(workspace.resolve("package.json"), "{\"name\": \"web\", \"version\": \"1.4.2\"}\n");
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .workspace(workspace)
                .input("version-file", "package.json");
    }

    private Path file(String name, String text) throws Exception {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path file(String name, byte[] bytes) throws Exception {
        Path path = temp.resolve("workspace").resolve(name);
        Files.createDirectories(path.getParent());
        return Files.write(path, bytes);
    }

    /** Case name, what to write into the workspace, the inputs, and what the single ::error must hold. */
    record Case(String name, Setup setup, UnaryOperator<ActionHarness> inputs, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Setup {
        void write(RefusedBeforeAnythingChangesTest test) throws Exception;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("duplicate key in JSON", t -> t.file("td.json", """
                        {
                          "family": "web",
                          "family": "evil",
                          "containerDefinitions": [{"name": "app", "image": "nginx"}]
                        }
                        """), h -> h.input("task-definition", "td.json"),
                        List.of("file=td.json,line=3", "the key \"family\" is given twice in one mapping, at line 2"
                                + " and at line 3")),
                new Case("duplicate key in YAML", t -> t.file("td.yaml", """
                        family: web
                        containerDefinitions:
                          - name: app
                            image: nginx
                            name: other
                        """), h -> h.input("task-definition", "td.yaml"),
                        List.of("file=td.yaml,line=5", "\"name\" is given twice in one mapping, at line 3 and at line 5")),
                new Case("an alias without its anchor", t -> t.file("td.yml", """
                        family: web
                        taskRoleArn: *role
                        containerDefinitions: [{name: app, image: nginx}]
                        """), h -> h.input("task-definition", "td.yml"),
                        List.of("file=td.yml,line=2", "the alias *role at line 2 has no anchor &role before it")),
                new Case("a directory", t -> Files.createDirectories(t.temp.resolve("workspace/apps")),
                        h -> h.input("task-definition", "apps"),
                        List.of("title=Invalid input task-definition", "apps is a directory, not a file")),
                new Case("a device", t -> { }, h -> h.input("task-definition", "/dev/null"),
                        List.of("/dev/null is a character device, not a file")),
                new Case("Latin-1 text", t -> t.file("td.json", "{\n  \"family\": \"web\",\n  \"x\": \"caf\u00e9\"\n}"
                        .getBytes(StandardCharsets.ISO_8859_1)), h -> h.input("task-definition", "td.json"),
                        List.of("file=td.json,line=3", "td.json is not UTF-8: byte 0xE9 at line 3")),
                new Case("a parse error", t -> t.file("td.json", "{\n  \"family\": \"web\",\n"
                        + "  \"containerDefinitions\": ghp_0123456789abcdefSECRET\n}"),
                        h -> h.input("task-definition", "td.json"),
                        List.of("file=td.json,line=3", "td.json is not valid JSON at line 3, column")),
                new Case("a config file that is a directory", t -> Files.createDirectories(t.temp.resolve(
                        "workspace/deploy.yml")), h -> h.input("config", "deploy.yml"),
                        List.of("title=Invalid input config", "deploy.yml is a directory")),
                new Case("two config environments for one branch", t -> t.file("deploy.yml", """
                        environments:
                          production: {branches: [main], service: web}
                          hotfix: {branches: ["m*"], service: web}
                        """), h -> h.input("config", "deploy.yml").input("service", ""),
                        List.of("file=deploy.yml,line=3", "matches the branches of both production (line 2) and"
                                + " hotfix (line 3)")),
                new Case("a named version-file that does not exist, with image", t -> { },
                        h -> h.input("version-file", "apps/web9/package.json"),
                        List.of("title=Invalid input version-file", "apps/web9/package.json does not exist")),
                new Case("timeout 0s", t -> { }, h -> h.input("timeout", "0s"),
                        List.of("title=Invalid input timeout", "Input timeout: \"0s\" is less than 1s")),
                new Case("a timeout that would overflow", t -> { }, h -> h.input("timeout", "9223372036854775807s"),
                        List.of("title=Invalid input timeout", "\"9223372036854775807s\" is more than 6h")),
                new Case("a timeout beyond a long", t -> { }, h -> h.input("timeout", "99999999999999999999h"),
                        List.of("title=Invalid input timeout", "far too long a duration")),
                new Case("a bake time beyond ECS's", t -> { }, h -> h.input("bake-time", "1441m"),
                        List.of("title=Invalid input bake-time", "ECS allows 0 to 1440 minutes")),
                new Case("a canary percent ECS refuses", t -> { }, h -> h.input("canary-percent", "0.05"),
                        List.of("title=Invalid input canary-percent", "0.1 to 100 percent")),
                new Case("a malformed AWS_ENDPOINT_URL", t -> { }, h -> h.env("AWS_ENDPOINT_URL", "not a url"),
                        List.of("AWS_ENDPOINT_URL is not a URL")),
                new Case("a malformed region", t -> { }, h -> h.env("AWS_REGION", "US East"),
                        List.of("title=Invalid input aws-region", "is not a region name")),
                new Case("no credentials on a GitHub-hosted runner", t -> { }, h -> h
                        .env("AWS_ACCESS_KEY_ID", "").env("AWS_SECRET_ACCESS_KEY", "")
                        .env("RUNNER_ENVIRONMENT", "github-hosted").env("HOME", "/nonexistent-home"),
                        List.of("No AWS credentials", "aws-actions/configure-aws-credentials", "role-to-assume")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isExit2WithOneErrorAndNoChange(Case c) throws Exception {
        ActionHarness harness = c.inputs().apply(deploy());
        c.setup().write(this);
        int auditBefore = sandbox.auditEntries().size();

        ActionHarness.Run run = harness.run();

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("INVALID", run.output("deployment-status"), "bad input is no failed deployment: " + run);
        List<String> errors = run.annotations("error");
        assertEquals(1, errors.size(), run.toString());
        for (String expected : c.expected()) {
            assertTrue(errors.getFirst().contains(expected), "missing \"" + expected + "\" in " + errors.getFirst());
        }
        assertFalse(run.log().contains("ghp_") || run.log().contains("0123456789abcdef"), "no file content echoed:\n" + run);
        List<String> changes = sandbox.auditEntries().stream().skip(auditBefore).map(RefusedBeforeAnythingChangesTest
                ::operation).filter(operation -> !isReadOnly(operation)).toList();
        assertEquals(List.of(), changes, "no call that changes anything:\n" + run);
    }

    @Test
    void aFifoAsTheTaskDefinitionIsRefusedWithoutHanging() throws Exception {
        ActionHarness harness = deploy().input("task-definition", "td.json");
        Path fifo = temp.resolve("workspace/td.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());

        ActionHarness.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> harness.run());

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.annotations("error").getFirst().contains("td.json is a named pipe (FIFO), not a file"),
                run.toString());
    }

    @Test
    void aByteOrderMarkAndYamlAliasesRenderAsMeant() throws Exception {
        ActionHarness harness = deploy();
        file("td-bom.json", ("\uFEFF" + TASK_DEFINITION).getBytes(StandardCharsets.UTF_8));
        file("td.yaml", """
                x-roles:
                  task: &role arn:aws:iam::123456789012:role/webTaskRole
                family: web
                taskRoleArn: *role
                cpu: "256"
                memory: "512"
                x-base: &base {image: nginx, essential: true}
                containerDefinitions:
                  - <<: *base
                    name: app
                """);

        ActionHarness.Run bom = harness.input("task-definition", "td-bom.json")
                .input("rendered-file", temp.resolve("bom.json").toString()).run("render");
        assertEquals(0, bom.exitCode(), bom.toString());

        ActionHarness.Run yaml = harness.input("task-definition", "td.yaml")
                .input("rendered-file", temp.resolve("yaml.json").toString()).run("render");
        assertEquals(0, yaml.exitCode(), yaml.toString());
        JsonNode rendered = new ObjectMapper().readTree(temp.resolve("yaml.json").toFile());
        assertEquals("arn:aws:iam::123456789012:role/webTaskRole", rendered.path("taskRoleArn").asText());
        assertEquals("app", rendered.at("/containerDefinitions/0/name").asText());
        assertTrue(rendered.at("/containerDefinitions/0/essential").asBoolean(), rendered.toString());
    }

    private static String operation(JsonNode entry) {
        return entry.path("operation").asText();
    }

    private static boolean isReadOnly(String operation) {
        return Stream.of("Describe", "List", "Get", "BatchGet").anyMatch(operation::startsWith);
    }
}
