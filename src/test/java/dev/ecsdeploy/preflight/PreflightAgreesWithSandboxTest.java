package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.AwsCli;
import dev.ecsdeploy.testing.InvalidTaskDefinitions;
import dev.ecsdeploy.testing.InvalidTaskDefinitions.Case;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pre-flight and the sandbox were written apart, each from AWS's documentation; this table holds them to each
 * other. For every task definition in {@code cases.tsv}: the AWS CLI's RegisterTaskDefinition against the sandbox is
 * refused with the row's code, and the action's {@code deploy} of the same file is refused by the pre-flight with
 * exit 2 and an {@code ::error} at the file and line of the row's key, the sandbox seeing no mutating call.
 */
class PreflightAgreesWithSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        AwsCli.assumeInstalled();
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static List<Case> cases() throws IOException {
        return InvalidTaskDefinitions.cases();
    }

    @Test
    void theTableHasEveryCaseOfTheIssue() throws IOException {
        assertTrue(cases().size() >= 25, "cases: " + cases().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSandboxAndThePreflightBothRefuseIt(Case row) throws IOException {
        AwsCli.Result cli = AwsCli.run(sandbox.endpoint(), Map.of(), "ecs", "register-task-definition",
                "--cli-input-json", "file://" + row.path().toAbsolutePath());
        assertTrue(cli.exit() != 0 && cli.stderr().contains("An error occurred (" + row.code()
                + ") when calling the RegisterTaskDefinition operation"), "the sandbox: " + cli);

        int auditBefore = sandbox.auditEntries().size();
        ActionHarness.Run run = deploy(row.path());

        assertEquals(2, run.exitCode(), run.toString());
        String file = "task-definitions/invalid/" + row.file();
        int line = lineOf(Files.readString(row.path()), row.keyPath());
        List<String> errors = run.annotations("error");
        assertTrue(errors.stream().anyMatch(error -> error.contains("file=" + file + ",line=" + line + ",")),
                "no ::error at " + file + ":" + line + " (" + row.keyPath() + ") in\n" + String.join("\n", errors));
        assertNoMutationSince(auditBefore);
    }

    /**
     * The other way round: the pre-flight's rules that cases.tsv does not list, each a change to a valid Fargate task
     * definition. The sandbox must refuse each with ECS's ClientException too, unless the row says why AWS's rule is
     * unclear ({@code accepted}): then the sandbox registering it is asserted, so that the difference stays in sight.
     */
    static Stream<Arguments> preflightOnlyRules() {
        return Stream.of(
                refused("placementConstraints on Fargate", "placementConstraints",
                        "/placementConstraints=[{\"type\":\"memberOf\",\"expression\":"
                                + "\"attribute:ecs.os-type == linux\"}]"),
                refused("dnsServers on Fargate", "containerDefinitions[0].dnsServers",
                        "/containerDefinitions/0/dnsServers=[\"10.0.0.2\"]"),
                refused("extraHosts on Fargate", "containerDefinitions[0].extraHosts",
                        "/containerDefinitions/0/extraHosts=[{\"hostname\":\"db\",\"ipAddress\":\"10.0.0.3\"}]"),
                refused("dockerSecurityOptions on Fargate", "containerDefinitions[0].dockerSecurityOptions",
                        "/containerDefinitions/0/dockerSecurityOptions=[\"no-new-privileges\"]"),
                refused("tmpfs on Fargate", "containerDefinitions[0].linuxParameters.tmpfs",
                        "/containerDefinitions/0/linuxParameters={\"tmpfs\":[{\"containerPath\":\"/tmp\","
                                + "\"size\":64}]}"),
                refused("sharedMemorySize on Fargate", "containerDefinitions[0].linuxParameters.sharedMemorySize",
                        "/containerDefinitions/0/linuxParameters={\"sharedMemorySize\":64}"),
                refused("a GPU on Fargate", "containerDefinitions[0].resourceRequirements[0]",
                        "/containerDefinitions/0/resourceRequirements=[{\"type\":\"GPU\",\"value\":\"1\"}]"),
                refused("a Fargate cpu that does not exist", "memory", "/cpu=\"300\""),
                refused("a task cpu that is not a number", "cpu", "/cpu=\"a lot\""),
                // family is required in ECS's API model, so the CLI itself refuses before sending (as every SDK).
                Arguments.of("no family", "-", "Missing required parameter in input: \"family\"", null,
                        List.of("/family=-")),
                accepted("a container depending on itself", "containerDefinitions[1].dependsOn[0].containerName",
                        "ECS's API reference names no rule against it (ContainerDependency); the pre-flight refuses it"
                                + " because such a container can never start",
                        "/containerDefinitions/1/dependsOn=[{\"containerName\":\"sidecar\",\"condition\":\"START\"}]"));
    }

    private static final String CLIENT_EXCEPTION = "(ClientException) when calling the RegisterTaskDefinition"
            + " operation";

    private static Arguments refused(String what, String keyPath, String... edits) {
        return Arguments.of(what, keyPath, CLIENT_EXCEPTION, null, List.of(edits));
    }

    private static Arguments accepted(String what, String keyPath, String why, String... edits) {
        return Arguments.of(what, keyPath, null, why, List.of(edits));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("preflightOnlyRules")
    void theSandboxRefusesWhatThePreflightRefuses(String what, String keyPath, String refusal,
                                                  String acceptedBecause, List<String> edits) throws IOException {
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                TaskDefinitions.editedJson(edits.toArray(String[]::new)));
        Path workspace = Files.createDirectories(temp.resolve("workspace"));
        Path file = Files.writeString(workspace.resolve("task-definition.json"), text);
        AwsCli.Result cli = AwsCli.run(sandbox.endpoint(), Map.of(), "ecs", "register-task-definition",
                "--cli-input-json", "file://" + file.toAbsolutePath());
        if (acceptedBecause == null) {
            assertTrue(cli.exit() != 0 && cli.stderr().contains(refusal), "the sandbox registers " + what + ": "
                    + cli);
        } else {
            assertEquals(0, cli.exit(), "the sandbox now refuses " + what + " (an expected difference, because "
                    + acceptedBecause + "): " + cli);
        }

        int auditBefore = sandbox.auditEntries().size();
        ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web").workspace(workspace)
                .input("version-file", "").input("version", "1.4.2").input("container-name", "app")
                .input("image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0")
                .input("task-definition", "task-definition.json").run();

        assertEquals(2, run.exitCode(), run.toString());
        int line = lineOf(Files.readString(file), keyPath);
        assertTrue(run.annotations("error").stream().anyMatch(error -> error.contains("file=task-definition.json,line="
                + line + ",")), "no ::error at line " + line + " (" + keyPath + ") in\n" + run.log());
        assertNoMutationSince(auditBefore);
    }

    /**
     * The one case ECS registers (EC2 can run a bridge revision) and refuses at UpdateService: onto the Fargate
     * service {@code web}, InvalidParameterException in the sandbox, and the pre-flight's error at
     * requiresCompatibilities (absent here, so at the file's first line: the task's compatibilities are ECS's default).
     */
    @Test
    void anEc2OnlyBridgeRevisionIsRefusedAtUpdateServiceByBothAndNothingChanges() throws IOException {
        Path fixture = InvalidTaskDefinitions.DIRECTORY.resolve("update-service-ec2-bridge-on-fargate.json");
        AwsCli.Result registered = AwsCli.run(sandbox.endpoint(), Map.of(), "ecs", "register-task-definition",
                "--cli-input-json", "file://" + fixture.toAbsolutePath());
        assertEquals(0, registered.exit(), registered.stderr());
        String arn = JSON.readTree(registered.stdout()).at("/taskDefinition/taskDefinitionArn").asText();
        AwsCli.Result update = AwsCli.run(sandbox.endpoint(), Map.of(), "ecs", "update-service", "--cluster", "demo",
                "--service", "web", "--task-definition", arn);
        assertTrue(update.exit() != 0 && update.stderr().contains("(InvalidParameterException) when calling the"
                + " UpdateService operation"), update.toString());

        int auditBefore = sandbox.auditEntries().size();
        ActionHarness.Run run = deploy(fixture);

        assertEquals(2, run.exitCode(), run.toString());
        String file = "task-definitions/invalid/" + fixture.getFileName();
        int networkMode = lineOf(Files.readString(fixture), "networkMode");
        List<String> errors = run.annotations("error");
        assertTrue(errors.stream().anyMatch(error -> error.contains("file=" + file + ",")
                && error.contains("does not support launch_type FARGATE")), String.join("\n", errors));
        assertTrue(errors.stream().anyMatch(error -> error.contains("file=" + file + ",line=" + networkMode + ",")),
                String.join("\n", errors));
        assertNoMutationSince(auditBefore);
    }

    /**
     * Another account's registry has no repository web: the sandbox's ECR says so through the CLI, and the pre-flight
     * says so before any change.
     */
    @Test
    void anImageInAnotherAccountsRegistryIsRefusedByBoth() {
        AwsCli.Result cli = AwsCli.run(sandbox.endpoint(), Map.of(), "ecr", "describe-images", "--repository-name",
                "web", "--registry-id", "999999999999");
        assertTrue(cli.exit() != 0 && cli.stderr().contains("(RepositoryNotFoundException)"), cli.toString());

        int auditBefore = sandbox.auditEntries().size();
        ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .input("task-definition", "apps/web1/task-definition.json")
                .input("image", "999999999999.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0").run();

        assertEquals(2, run.exitCode(), run.toString());
        List<String> errors = run.annotations("error");
        assertEquals(1, errors.size(), String.join("\n", errors));
        assertTrue(errors.getFirst().contains("Invalid input image") && errors.getFirst().contains("ECR has no"
                + " repository web in registry 999999999999"), errors.getFirst());
        assertNoMutationSince(auditBefore);
    }

    /**
     * Deploys {@code file} as the task definition, the workspace being test-fixtures so that the error names the
     * fixture by its path there; the image input is the file's own first image so that the rendered request is the
     * file as the CLI sent it.
     */
    private ActionHarness.Run deploy(Path fixture) throws IOException {
        JsonNode text = JSON.readTree(fixture.toFile());
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .workspace(ActionHarness.FIXTURES)
                .input("version-file", "monorepo/apps/web1/package.json")
                .input("image", text.at("/containerDefinitions/0/image").asText())
                .input("task-definition", "task-definitions/invalid/" + fixture.getFileName())
                .run();
    }

    private static void assertNoMutationSince(int auditBefore) {
        List<String> operations = SandboxAudit.operationsSince(sandbox, auditBefore);
        assertTrue(operations.contains("DescribeServices"), "the audit saw the pre-flight look: " + operations);
        SandboxAudit.assertNoMutationSince(sandbox, auditBefore);
    }

    /**
     * The line of a key path ({@code containerDefinitions[0].portMappings[0].hostPort}; {@code -} for the whole
     * request) in JSON text, found by Jackson's streaming parser rather than by the product's line map: the line of
     * the key, or of the element's first token for an array index.
     */
    static int lineOf(String text, String keyPath) throws IOException {
        if (keyPath.equals("-")) {
            return 1;
        }
        String pointer = "/" + keyPath.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                boolean atKey = token == JsonToken.FIELD_NAME;
                boolean atElement = !atKey && parser.getParsingContext().getParent() != null
                        && (token.isStructStart() ? parser.getParsingContext().getParent().inArray()
                        : parser.getParsingContext().inArray());
                String here = token.isStructStart() && parser.getParsingContext().getParent() != null
                        ? parser.getParsingContext().getParent().pathAsPointer().toString()
                        : parser.getParsingContext().pathAsPointer().toString();
                if ((atKey || atElement) && here.equals(pointer)) {
                    return parser.currentTokenLocation().getLineNr();
                }
            }
        }
        throw new IllegalArgumentException("no " + keyPath + " in the text");
    }
}
