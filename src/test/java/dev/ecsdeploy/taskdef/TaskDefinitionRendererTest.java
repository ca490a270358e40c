package dev.ecsdeploy.taskdef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.config.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;

class TaskDefinitionRendererTest {
    private static ContainerDefinition container(String name, Boolean essential) {
        return ContainerDefinition.builder().name(name).image(name + ":old").essential(essential)
                .environment(KeyValuePair.builder().name("NODE_ENV").value("staging").build(),
                        KeyValuePair.builder().name("PORT").value("8080").build())
                .secrets(Secret.builder().name("API_KEY").valueFrom("arn:old").build())
                .build();
    }

    private static RegisterTaskDefinitionRequest definition(ContainerDefinition... containers) {
        return RegisterTaskDefinitionRequest.builder().family("web").containerDefinitions(containers).build();
    }

    @Test
    void theImageVariablesAndSecretsGoIntoTheChosenContainerMergedByName() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NODE_ENV", "production");
        env.put("DATABASE_URL", "postgres://db/app?a=b");
        RegisterTaskDefinitionRequest rendered = TaskDefinitionRenderer.render(definition(container("app", null)),
                new RenderSpec("repo/web:v1.4.2", List.of(), env, Map.of("API_KEY", "arn:new", "API_URL", "arn:url")));

        ContainerDefinition app = rendered.containerDefinitions().getFirst();
        assertEquals("repo/web:v1.4.2", app.image());
        assertEquals(List.of("NODE_ENV=production", "PORT=8080", "DATABASE_URL=postgres://db/app?a=b"),
                app.environment().stream().map(kv -> kv.name() + "=" + kv.value()).toList(),
                "existing names keep their place, new ones are appended");
        assertEquals(Map.of("API_KEY", "arn:new", "API_URL", "arn:url"), app.secrets().stream()
                .collect(java.util.stream.Collectors.toMap(Secret::name, Secret::valueFrom)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "the only container                    | app:null                    |          | app",
            "the only essential (unset = essential) | app:null,log-router:false  |          | app",
            "the named ones                        | app:null,worker:null        | worker   | worker",
            "several named                         | app:null,worker:null        | app,worker | app,worker",
    })
    void picksTheContainers(String name, String containers, String named, String expected) {
        assertEquals(List.of(expected.split(",")), TaskDefinitionRenderer.targetContainers(
                parse(containers), named == null ? List.of() : List.of(named.split(","))));
    }

    @Test
    void twoEssentialContainersAndNoNameIsAnErrorListingThem() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> TaskDefinitionRenderer.targetContainers(parse("app:null,worker:true"), List.of()));
        assertEquals("container-name", error.input());
        assertTrue(error.getMessage().contains("app, worker"), error.getMessage());
    }

    @Test
    void anUnknownContainerNameIsAnErrorListingTheRealOnes() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> TaskDefinitionRenderer.targetContainers(parse("app:null"), List.of("web")));
        assertTrue(error.getMessage().contains("no container \"web\"; it has app"), error.getMessage());
    }

    private static List<ContainerDefinition> parse(String containers) {
        return java.util.Arrays.stream(containers.split(",")).map(spec -> {
            String[] parts = spec.split(":");
            return container(parts[0], parts[1].equals("null") ? null : Boolean.valueOf(parts[1]));
        }).toList();
    }
}
