package dev.ecsdeploy.taskdef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

class TaskDefinitionDiffTest {
    private static final RegisterTaskDefinitionRequest REGISTERED = RegisterTaskDefinitionRequest.builder()
            .family("web").networkMode("awsvpc").cpu("256").memory("512").requiresCompatibilitiesWithStrings("FARGATE")
            .containerDefinitions(ContainerDefinition.builder().name("app").image("web:v1.0.0").cpu(0)
                    .essential(true)
                    .portMappings(PortMapping.builder().containerPort(8080).hostPort(8080).protocol("tcp").build())
                    .environment(env("B", "2"), env("A", "1"))
                    .mountPoints(List.of()).volumesFrom(List.of())
                    .build())
            .build();

    private static KeyValuePair env(String name, String value) {
        return KeyValuePair.builder().name(name).value(value).build();
    }

    private static RegisterTaskDefinitionRequest edit(java.util.function.UnaryOperator<ContainerDefinition.Builder> change) {
        return REGISTERED.toBuilder().containerDefinitions(
                change.apply(REGISTERED.containerDefinitions().getFirst().toBuilder()).build()).build();
    }

    @Test
    void defaultsOrderingAndEmptyListsAreNotChanges() {
        RegisterTaskDefinitionRequest handWritten = RegisterTaskDefinitionRequest.builder()
                .family("web").networkMode("awsvpc").cpu(".25 vCPU").memory("0.5 GB").requiresCompatibilitiesWithStrings("FARGATE")
                .containerDefinitions(ContainerDefinition.builder().name("app").image("web:v1.0.0")
                        .portMappings(PortMapping.builder().containerPort(8080).build())
                        .environment(env("A", "1"), env("B", "2"))
                        .build())
                .build();
        assertTrue(TaskDefinitionDiff.same(REGISTERED, handWritten));
        assertEquals(List.of(), TaskDefinitionDiff.unified(REGISTERED, handWritten, "web:1", "rendered"));
    }

    @Test
    void aNewImageIsOneChangedLine() {
        List<String> diff = TaskDefinitionDiff.unified(REGISTERED, edit(c -> c.image("web:v1.4.2")), "web:1",
                "rendered");
        assertEquals(List.of("-image: web:v1.0.0", "+image: web:v1.4.2"), changedLines(diff));
        assertEquals("--- web:1", diff.get(0));
        assertEquals("+++ rendered", diff.get(1));
    }

    @Test
    void variableValuesNeverShowOnlyWhetherTheyChanged() {
        List<String> diff = TaskDefinitionDiff.unified(REGISTERED,
                edit(c -> c.environment(env("A", "secret-ish-new"), env("B", "2"), env("C", "added-value"))),
                "web:1", "rendered");
        String text = String.join("\n", diff);
        assertFalse(text.contains("secret-ish-new") || text.contains("added-value") || text.contains("\"1\""), text);
        assertEquals(List.of("-A: <old value>", "+A: <new value>", "+C: <set>"), changedLines(diff));
    }

    @Test
    void aFirstRevisionDiffsAgainstNothing() {
        List<String> diff = TaskDefinitionDiff.unified(null, REGISTERED, "(none)", "rendered");
        assertTrue(diff.stream().skip(3).allMatch(line -> line.startsWith("+")), String.join("\n", diff));
    }

    private static List<String> changedLines(List<String> diff) {
        // The changed lines, without their indentation.
        return diff.stream().skip(2).filter(line -> line.startsWith("-") || line.startsWith("+"))
                .map(line -> line.charAt(0) + line.substring(1).trim()).toList();
    }
}
