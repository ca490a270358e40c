package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;

/** The revision against the service that will run it. */
class ServiceRulesTest {
    private static final NetworkConfiguration AWSVPC = NetworkConfiguration.builder()
            .awsvpcConfiguration(a -> a.subnets("subnet-1").securityGroups("sg-1")).build();

    private static Service fargate() {
        return Service.builder().serviceName("web").launchType("FARGATE").networkConfiguration(AWSVPC).build();
    }

    private static Service ec2Bridge() {
        return Service.builder().serviceName("web").launchType("EC2").build();
    }

    private static Service capacityProviders(String... providers) {
        return Service.builder().serviceName("web").networkConfiguration(AWSVPC).capacityProviderStrategy(
                Stream.of(providers).map(p -> CapacityProviderStrategyItem.builder().capacityProvider(p).build())
                        .toList()).build();
    }

    private static final String[] EC2_BRIDGE = {"/requiresCompatibilities=[\"EC2\"]", "/networkMode=\"bridge\"",
            "/containerDefinitions/0/portMappings/0/hostPort=0"};

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("Fargate revision, Fargate service", fargate(), new String[0], List.of()),
                Arguments.of("EC2-only bridge revision onto a Fargate service", fargate(), EC2_BRIDGE,
                        List.of("requiresCompatibilities: requires EC2. ECS would refuse the update with \"Task"
                                + " definition does not support launch_type FARGATE\"", "networkMode: has an awsvpc"
                                + " network configuration")),
                Arguments.of("no requiresCompatibilities but Fargate-shaped", fargate(),
                        new String[]{"/requiresCompatibilities=-"}, List.of()),
                Arguments.of("no requiresCompatibilities and bridge", fargate(),
                        new String[]{"/requiresCompatibilities=-", "/networkMode=\"bridge\"",
                                "/containerDefinitions/0/portMappings/0/hostPort=0"},
                        List.of("requiresCompatibilities: does not qualify for FARGATE", "networkMode: has an awsvpc")),
                Arguments.of("Fargate revision onto an EC2 service", ec2Bridge(), new String[0],
                        List.of("requiresCompatibilities: requires FARGATE", "networkMode: has no awsvpc network"
                                + " configuration")),
                Arguments.of("EC2 bridge revision onto an EC2 service", ec2Bridge(), EC2_BRIDGE, List.of()),
                Arguments.of("FARGATE_SPOT capacity provider takes a Fargate revision",
                        capacityProviders("FARGATE_SPOT", "FARGATE"), new String[0], List.of()),
                Arguments.of("an Auto Scaling capacity provider needs EC2", capacityProviders("asg-provider"),
                        new String[0], List.of("requiresCompatibilities: runs EC2 tasks")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRevisionMustFitTheService(String name, Service service, String[] edits, List<String> expected) {
        List<String> problems = ServiceRules.check(TaskDefinitions.edited(edits), service).stream()
                .map(problem -> problem.path() + ": " + problem.message()).toList();
        assertEquals(expected.size(), problems.size(), problems.toString());
        for (int i = 0; i < expected.size(); i++) {
            String[] parts = expected.get(i).split(": ", 2);
            assertTrue(problems.get(i).startsWith(parts[0] + ": ") && problems.get(i).contains(parts[1]),
                    problems.get(i) + " should contain " + expected.get(i));
        }
    }
}
