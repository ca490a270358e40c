package dev.ecsdeploy.deploy.codedeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;

class AppSpecsTest {
    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/web-cd:7";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ContainerDefinition> CONTAINERS = List.of(
            ContainerDefinition.builder().name("app").portMappings(p -> p.containerPort(8080),
                    p -> p.containerPort(9090)).build(),
            ContainerDefinition.builder().name("log-router").build());

    private static JsonNode parse(String content) throws Exception {
        return JSON.readTree(content);
    }

    @Test
    void aGeneratedAppSpecCarriesTheRevisionTheTargetAndTheServicesNetworkAndCapacitySettings() throws Exception {
        NetworkConfiguration network = NetworkConfiguration.builder().awsvpcConfiguration(a -> a
                .subnets("subnet-1", "subnet-2").securityGroups("sg-1")).build();
        String content = AppSpecs.generate(ARN, new AppSpecs.ContainerTarget("app", 8080),
                new AppSpecs.ServiceSettings("1.4.0", network, List.of(CapacityProviderStrategyItem.builder()
                        .capacityProvider("FARGATE_SPOT").base(1).weight(2).build())),
                Map.of("BeforeInstall", "check-before"));

        JsonNode root = parse(content);
        assertEquals("0.0", root.path("version").asText());
        JsonNode service = root.path("Resources").get(0).path("TargetService");
        assertEquals("AWS::ECS::Service", service.path("Type").asText());
        JsonNode properties = service.path("Properties");
        assertEquals(ARN, properties.path("TaskDefinition").asText());
        assertEquals("app", properties.path("LoadBalancerInfo").path("ContainerName").asText());
        assertEquals(8080, properties.path("LoadBalancerInfo").path("ContainerPort").asInt());
        assertTrue(properties.path("LoadBalancerInfo").path("ContainerPort").isInt(), "a number, as CodeDeploy wants");
        assertEquals("1.4.0", properties.path("PlatformVersion").asText());
        JsonNode awsvpc = properties.path("NetworkConfiguration").path("AwsvpcConfiguration");
        assertEquals("[\"subnet-1\",\"subnet-2\"]", awsvpc.path("Subnets").toString());
        assertEquals("[\"sg-1\"]", awsvpc.path("SecurityGroups").toString());
        assertEquals("DISABLED", awsvpc.path("AssignPublicIp").asText(), "all three keys or none");
        JsonNode capacity = properties.path("CapacityProviderStrategy").get(0);
        assertEquals("FARGATE_SPOT", capacity.path("CapacityProvider").asText());
        assertEquals(1, capacity.path("Base").asInt());
        assertEquals(2, capacity.path("Weight").asInt());
        assertEquals("check-before", root.path("Hooks").get(0).path("BeforeInstall").asText());
    }

    @Test
    void whatTheServiceDoesNotHaveIsLeftOut() throws Exception {
        JsonNode properties = parse(AppSpecs.generate(ARN, new AppSpecs.ContainerTarget("app", 8080),
                new AppSpecs.ServiceSettings(null, null, List.of()), Map.of()))
                .path("Resources").get(0).path("TargetService").path("Properties");
        assertFalse(properties.has("PlatformVersion"));
        assertFalse(properties.has("NetworkConfiguration"));
        assertFalse(properties.has("CapacityProviderStrategy"));
    }

    @Test
    void hooksAreListedInTheOrderCodeDeployRunsThem() throws Exception {
        Map<String, String> hooks = new LinkedHashMap<>();
        hooks.put("AfterAllowTraffic", "after");
        hooks.put("BeforeInstall", "before");
        hooks.put("AfterAllowTestTraffic", "test");
        JsonNode list = parse(AppSpecs.generate(ARN, new AppSpecs.ContainerTarget("app", 8080),
                new AppSpecs.ServiceSettings(null, null, List.of()), hooks)).path("Hooks");
        assertEquals("[{\"BeforeInstall\":\"before\"},{\"AfterAllowTestTraffic\":\"test\"},"
                + "{\"AfterAllowTraffic\":\"after\"}]", list.toString());
    }

    @Test
    void aYamlTemplateGetsTheRevisionReplacedAndKeepsEverythingElse() throws Exception {
        String template = """
                version: 0.0
                Resources:
                  - TargetService:
                      Type: AWS::ECS::Service
                      Properties:
                        TaskDefinition: <TASK_DEFINITION>
                        LoadBalancerInfo:
                          ContainerName: app
                          ContainerPort: 9090
                        PlatformVersion: LATEST
                Hooks:
                  - BeforeInstall: template-before
                  - AfterAllowTraffic: template-after
                """;
        JsonNode root = parse(AppSpecs.fromTemplate(template, ARN, CONTAINERS, Map.of("BeforeInstall", "mine")));
        JsonNode properties = root.path("Resources").get(0).path("TargetService").path("Properties");
        assertEquals(ARN, properties.path("TaskDefinition").asText());
        assertEquals(9090, properties.path("LoadBalancerInfo").path("ContainerPort").asInt());
        assertEquals("LATEST", properties.path("PlatformVersion").asText());
        assertEquals("[{\"BeforeInstall\":\"mine\"},{\"AfterAllowTraffic\":\"template-after\"}]",
                root.path("Hooks").toString(), "codedeploy-hooks wins over the template's hook of the same name");
    }

    @Test
    void aJsonTemplateWorksToo() throws Exception {
        String template = "{\"version\":0.0,\"Resources\":[{\"TargetService\":{\"Type\":\"AWS::ECS::Service\","
                + "\"Properties\":{\"TaskDefinition\":\"old\",\"LoadBalancerInfo\":{\"ContainerName\":\"app\","
                + "\"ContainerPort\":8080}}}}]}";
        JsonNode root = parse(AppSpecs.fromTemplate(template, ARN, CONTAINERS, Map.of()));
        assertEquals(ARN, root.path("Resources").get(0).path("TargetService").path("Properties")
                .path("TaskDefinition").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not yaml      | 'version: [0.0'                                                       | not valid",
            "no resources  | 'version: 0.0'                                                        | no Resources",
            "no service    | '{\"Resources\":[{\"Other\":{\"Type\":\"AWS::Lambda::Function\"}}]}'  | exactly one",
            "no lb info    | '{\"Resources\":[{\"S\":{\"Type\":\"AWS::ECS::Service\",\"Properties\":{}}}]}' | LoadBalancerInfo",
            "wrong name    | '{\"Resources\":[{\"S\":{\"Type\":\"AWS::ECS::Service\",\"Properties\":{\"LoadBalancerInfo\":{\"ContainerName\":\"web\",\"ContainerPort\":8080}}}}]}' | no container web",
            "wrong port    | '{\"Resources\":[{\"S\":{\"Type\":\"AWS::ECS::Service\",\"Properties\":{\"LoadBalancerInfo\":{\"ContainerName\":\"app\",\"ContainerPort\":80}}}}]}'   | does not map port 80",
    })
    void templatesThatCannotWorkAreRefusedWithTheReason(String name, String template, String expected) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> AppSpecs.fromTemplate(template, ARN, CONTAINERS, Map.of()));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @ParameterizedTest(name = "lb {0}:{1}, container-name {2}, container-port {3} -> {4}:{5}")
    @CsvSource(nullValues = "-", value = {
            // the service's load balancer says which container and port take the traffic
            "app, 9090, -,   -,    app, 9090",
            // container-port wins over the load balancer's port
            "app, 9090, -,   8080, app, 8080",
            // no load balancer on the service: container-name, then the first port mapping
            "-,   0,    app, -,    app, 8080",
            // nothing given: the only container with a port
            "-,   0,    -,   -,    app, 8080",
            "-,   0,    -,   9090, app, 9090",
    })
    void theTargetContainerAndPortAreFound(String lbName, int lbPort, String nameInput, Integer portInput,
                                           String expectedName, int expectedPort) {
        AppSpecs.ContainerTarget target = AppSpecs.resolveTarget(CONTAINERS,
                lbName == null ? null : new AppSpecs.ContainerTarget(lbName, lbPort),
                nameInput == null ? List.of() : List.of(nameInput), portInput);
        assertEquals(new AppSpecs.ContainerTarget(expectedName, expectedPort), target);
    }

    @Test
    void aPortTheContainerDoesNotMapIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> AppSpecs.resolveTarget(CONTAINERS, null, List.of(), 3000));
        assertEquals("container app does not map port 3000 (it maps 8080, 9090).", error.getMessage());
    }

    @Test
    void twoContainersWithPortsAndNoHintIsAmbiguous() {
        List<ContainerDefinition> two = List.of(
                ContainerDefinition.builder().name("app").portMappings(p -> p.containerPort(8080)).build(),
                ContainerDefinition.builder().name("admin").portMappings(p -> p.containerPort(9000)).build());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> AppSpecs.resolveTarget(two, null, List.of(), null));
        assertTrue(error.getMessage().contains("app, admin all map ports"), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"BeforeDeploy | not an ECS AppSpec hook", "AfterInstall |  names no Lambda"})
    void onlyEcsHooksNamingAFunctionAreAccepted(String hook, String expected) {
        Map<String, String> hooks = Map.of(hook, hook.equals("AfterInstall") ? " " : "fn");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> AppSpecs.checkHooks(hooks));
        assertTrue(error.getMessage().contains(expected.trim()), error.getMessage());
    }

    @Test
    void theChecksumIsTheHexSha256OfTheExactContent() {
        // printf '%s' '{"version":"0.0"}' | sha256sum
        assertEquals("8c646f429c72f1549ff181e2280ff4f250773b4a7d8cfd5aa0c90a1f489d978b",
                AppSpecs.sha256("{\"version\":\"0.0\"}"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AppSpecs.sha256(""));
    }
}
