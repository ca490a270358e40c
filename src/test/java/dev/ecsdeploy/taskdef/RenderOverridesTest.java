package dev.ecsdeploy.taskdef;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EnvironmentFile;
import software.amazon.awssdk.services.ecs.model.EnvironmentFileType;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/** The official render action's inputs (and task cpu/memory): their checks, and what they change. */
class RenderOverridesTest {
    static Stream<Arguments> values() {
        Function<String, Optional<String>> role = RenderOverrides::roleArnProblem;
        Function<String, Optional<String>> envFile = RenderOverrides::envFileProblem;
        Function<String, Optional<String>> driver = RenderOverrides::logDriverProblem;
        Function<String, Optional<String>> cpu = RenderOverrides::cpuProblem;
        Function<String, Optional<String>> memory = RenderOverrides::memoryProblem;
        return Stream.of(
                Arguments.of(role, "arn:aws:iam::123456789012:role/webTaskRole", true),
                Arguments.of(role, "arn:aws:iam::123456789012:role/service-role/web", true),
                Arguments.of(role, "arn:aws-cn:iam::123456789012:role/web", true),
                Arguments.of(role, "webTaskRole", false),
                Arguments.of(role, "arn:aws:iam::123456789012:user/jimin", false),
                Arguments.of(role, "arn:aws:iam::12345:role/web", false),
                Arguments.of(envFile, "arn:aws:s3:::acme-config/web1/prod.env", true),
                Arguments.of(envFile, "arn:aws:s3:::acme-config/web1/prod.json", false),
                Arguments.of(envFile, "s3://acme-config/web1/prod.env", false),
                Arguments.of(envFile, "arn:aws:s3:::acme-config", false),
                Arguments.of(driver, "awslogs", true),
                Arguments.of(driver, "awsfirelens", true),
                Arguments.of(driver, "splunk", true),
                Arguments.of(driver, "cloudwatch", false),
                Arguments.of(cpu, "256", true),
                Arguments.of(cpu, "1 vCPU", true),
                Arguments.of(cpu, "0.5 vcpu", true),
                Arguments.of(cpu, "a lot", false),
                Arguments.of(cpu, "-256", false),
                Arguments.of(memory, "512", true),
                Arguments.of(memory, "2 GB", true),
                Arguments.of(memory, "2GB", true),
                Arguments.of(memory, "2 GiB", false),
                Arguments.of(memory, "512MiB", false),
                Arguments.of((Function<String, Optional<String>>) key -> RenderOverrides.tagProblem(key, "v"), "team",
                        true),
                Arguments.of((Function<String, Optional<String>>) key -> RenderOverrides.tagProblem(key, "v"),
                        "aws:cloudformation:stack-name", false),
                Arguments.of((Function<String, Optional<String>>) key -> RenderOverrides.tagProblem(key, "v"),
                        "k".repeat(129), false));
    }

    @ParameterizedTest(name = "{1} valid: {2}")
    @MethodSource("values")
    void checksEachValueAsRegisterTaskDefinitionTakesIt(Function<String, Optional<String>> check, String value,
                                                        boolean valid) {
        assertEquals(valid, check.apply(value).isEmpty(), value + ": " + check.apply(value));
    }

    private static RegisterTaskDefinitionRequest base() {
        return RegisterTaskDefinitionRequest.builder().family("web").cpu("256").memory("512")
                .taskRoleArn("arn:aws:iam::123456789012:role/old")
                .containerDefinitions(ContainerDefinition.builder().name("app").image("web:old")
                                .dockerLabels(Map.of("team", "shop", "tier", "web"))
                                .environmentFiles(EnvironmentFile.builder().type(EnvironmentFileType.S3)
                                        .value("arn:aws:s3:::acme/base.env").build())
                                .logConfiguration(LogConfiguration.builder().logDriver("awslogs")
                                        .options(Map.of("awslogs-group", "/ecs/web", "awslogs-region", "us-east-1"))
                                        .build())
                                .build(),
                        ContainerDefinition.builder().name("sidecar").image("envoy").essential(false).build())
                .build();
    }

    private static RegisterTaskDefinitionRequest render(RenderOverrides overrides) {
        return TaskDefinitionRenderer.render(base(), new RenderSpec(null, List.of("app"), Map.of(), Map.of(),
                overrides));
    }

    @Test
    void containerValuesMergeIntoTheChosenContainerOnly() {
        RegisterTaskDefinitionRequest rendered = render(new RenderOverrides(Map.of("tier", "api", "release", "v1.4.2"),
                List.of("node", "server.js"), List.of("arn:aws:s3:::acme/base.env", "arn:aws:s3:::acme/prod.env"),
                null, Map.of("awslogs-stream-prefix", "web1"), null, null, null, null, Map.of()));

        ContainerDefinition app = rendered.containerDefinitions().getFirst();
        assertEquals(Map.of("team", "shop", "tier", "api", "release", "v1.4.2"), app.dockerLabels());
        assertEquals(List.of("node", "server.js"), app.command());
        assertEquals(List.of("arn:aws:s3:::acme/base.env", "arn:aws:s3:::acme/prod.env"),
                app.environmentFiles().stream().map(EnvironmentFile::value).toList(), "a file already there once");
        assertEquals(Map.of("awslogs-group", "/ecs/web", "awslogs-region", "us-east-1",
                "awslogs-stream-prefix", "web1"), app.logConfiguration().options(), "the same driver keeps its options");
        assertEquals(base().containerDefinitions().get(1), rendered.containerDefinitions().get(1));
    }

    @Test
    void aNewLogDriverStartsFromItsOwnOptions() {
        ContainerDefinition app = render(new RenderOverrides(Map.of(), List.of(), List.of(), "splunk",
                Map.of("splunk-url", "https://splunk.example.test:8088"), null, null, null, null, Map.of()))
                .containerDefinitions().getFirst();
        assertEquals("splunk", app.logConfiguration().logDriverAsString());
        assertEquals(Map.of("splunk-url", "https://splunk.example.test:8088"), app.logConfiguration().options());
    }

    @Test
    void taskValuesReplaceTheTasksAndNothingGivenKeepsThem() {
        RegisterTaskDefinitionRequest rendered = render(new RenderOverrides(Map.of(), List.of(), List.of(), null,
                Map.of(), "arn:aws:iam::123456789012:role/new", "arn:aws:iam::123456789012:role/exec", "1 vCPU",
                "2048", Map.of("release", "v1.4.2")));
        assertEquals("arn:aws:iam::123456789012:role/new", rendered.taskRoleArn());
        assertEquals("arn:aws:iam::123456789012:role/exec", rendered.executionRoleArn());
        assertEquals("1 vCPU", rendered.cpu());
        assertEquals("2048", rendered.memory());
        assertEquals("release=v1.4.2", rendered.tags().stream().map(t -> t.key() + "=" + t.value())
                .collect(java.util.stream.Collectors.joining(",")));
        assertEquals(base(), render(RenderOverrides.NONE));
    }
}
