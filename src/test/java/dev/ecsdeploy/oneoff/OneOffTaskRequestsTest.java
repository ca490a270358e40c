package dev.ecsdeploy.oneoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Service;

class OneOffTaskRequestsTest {
    private static final NetworkConfiguration NETWORK = NetworkConfiguration.builder()
            .awsvpcConfiguration(a -> a.subnets("subnet-1").securityGroups("sg-1").assignPublicIp(AssignPublicIp.DISABLED))
            .build();

    @Test
    void runsWhereTheServiceRunsWithTheCommandReplaced() {
        Service service = Service.builder().launchType(LaunchType.FARGATE).platformVersion("1.4.0")
                .networkConfiguration(NETWORK).build();
        RunTaskRequest request = OneOffTaskRequests.build(service, "demo", "arn:td/web:2", "app",
                List.of("npm", "run", "migrate"), "ecs-deploy-action");

        assertEquals("demo", request.cluster());
        assertEquals("arn:td/web:2", request.taskDefinition());
        assertEquals(1, request.count());
        assertEquals(LaunchType.FARGATE, request.launchType());
        assertEquals("1.4.0", request.platformVersion());
        assertEquals(NETWORK, request.networkConfiguration());
        assertEquals("app", request.overrides().containerOverrides().getFirst().name());
        assertEquals(List.of("npm", "run", "migrate"), request.overrides().containerOverrides().getFirst().command());
        assertEquals("ecs-deploy-action", request.startedBy());
    }

    @Test
    void aServiceOnCapacityProvidersRunsTheTaskOnThemAndSendsNoLaunchType() {
        CapacityProviderStrategyItem spot = CapacityProviderStrategyItem.builder().capacityProvider("FARGATE_SPOT")
                .weight(1).build();
        Service service = Service.builder().launchType((String) null).capacityProviderStrategy(spot).build();
        RunTaskRequest request = OneOffTaskRequests.build(service, "demo", "arn:td/web:2", "app", List.of("true"),
                "ecs-deploy-action");

        assertEquals(List.of(spot), request.capacityProviderStrategy());
        assertNull(request.launchType());
        assertNull(request.networkConfiguration(), "a bridge-mode service has no network configuration to copy");
    }
}
