package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

class UpdateServiceRequestsTest {
    private static final Service SERVICE = Service.builder().serviceName("web").clusterArn("arn:cluster/demo")
            .deploymentConfiguration(DeploymentConfiguration.builder().minimumHealthyPercent(50).maximumPercent(200)
                    .linearConfiguration(l -> l.stepPercent(20.0).stepBakeTimeInMinutes(2)).build())
            .build();

    private static DeploySettings settings(Integer desired, boolean circuitBreaker, List<String> alarms,
                                           Double stepPercent) {
        return settings(desired, circuitBreaker, alarms, stepPercent, null);
    }

    private static DeploySettings settings(Integer desired, boolean circuitBreaker, List<String> alarms,
                                           Double stepPercent, List<DeploymentLifecycleHook> hooks) {
        return settings(desired, circuitBreaker ? CircuitBreaker.ROLLBACK : CircuitBreaker.OFF, alarms, stepPercent,
                new DeploySettings.ServiceTags(null, null), hooks);
    }

    private static DeploySettings settings(Integer desired, CircuitBreaker circuitBreaker, List<String> alarms,
                                           Double stepPercent, DeploySettings.ServiceTags tags) {
        return settings(desired, circuitBreaker, alarms, stepPercent, tags, null);
    }

    private static DeploySettings settings(Integer desired, CircuitBreaker circuitBreaker, List<String> alarms,
                                           Double stepPercent, DeploySettings.ServiceTags tags,
                                           List<DeploymentLifecycleHook> hooks) {
        return new DeploySettings("demo", "web", "auto", desired, false, circuitBreaker, null, 150, alarms, 5,
                stepPercent, null, null, null, true, false, Duration.ofMinutes(30), Duration.ofSeconds(5), true,
                false, tags, hooks);
    }

    private static final DeploySettings.ServiceTags NO_TAGS = new DeploySettings.ServiceTags(null, null);

    @ParameterizedTest(name = "circuit-breaker {0} -> enable {1}, rollback {2}")
    @CsvSource({"true, true, true", "detect, true, false", "false, false, false"})
    void theCircuitBreakerInputIsEcssEnableAndRollback(String input, boolean enable, boolean rollback) {
        DeploymentConfiguration configuration = UpdateServiceRequests.build(SERVICE, "td:3",
                settings(null, CircuitBreaker.of(input), List.of(), null, NO_TAGS), Strategy.ROLLING)
                .deploymentConfiguration();
        assertEquals(enable, configuration.deploymentCircuitBreaker().enable());
        assertEquals(rollback, configuration.deploymentCircuitBreaker().rollback());
    }

    @ParameterizedTest(name = "alarms [{0}] on a service watching web-5xx -> names [{1}], enabled {2}")
    @CsvSource(delimiter = '|', value = {
            // not given: the service's own alarms stay
            "                 | web-5xx        | true",
            "none             |                | false",
            "web-latency      | web-latency    | true",
    })
    void alarmsAreKeptReplacedOrTurnedOff(String input, String names, boolean enabled) {
        Service watched = SERVICE.toBuilder().deploymentConfiguration(SERVICE.deploymentConfiguration().toBuilder()
                .alarms(a -> a.alarmNames("web-5xx").enable(true).rollback(true)).build()).build();
        List<String> given = input == null ? List.of() : List.of(input.split(","));
        DeploymentConfiguration configuration = UpdateServiceRequests.build(watched, "td:3",
                settings(null, CircuitBreaker.ROLLBACK, given, null, NO_TAGS), Strategy.ROLLING)
                .deploymentConfiguration();
        assertEquals(names == null ? List.of() : List.of(names), configuration.alarms().alarmNames());
        assertEquals(enabled, configuration.alarms().enable());
        assertEquals(enabled, configuration.alarms().rollback());
    }

    @ParameterizedTest(name = "propagate-tags {0}, enable-ecs-managed-tags {1}")
    @CsvSource(nullValues = "-", value = {"-, -", "TASK_DEFINITION, -", "-, false", "SERVICE, true"})
    void serviceTagSettingsAreSentOnlyWhenGiven(String propagate, Boolean managed) {
        DeploySettings.ServiceTags tags = new DeploySettings.ServiceTags(propagate, managed);
        UpdateServiceRequest request = UpdateServiceRequests.build(SERVICE, "td:3",
                settings(null, CircuitBreaker.ROLLBACK, List.of(), null, tags), Strategy.ROLLING);
        assertEquals(propagate, request.propagateTagsAsString());
        assertEquals(managed, request.enableECSManagedTags());

        // A CODE_DEPLOY service: the same two fields alone, no revision; nothing at all when neither is given.
        var alone = UpdateServiceRequests.serviceTagsOnly(SERVICE, tags);
        assertEquals(tags.given(), alone.isPresent());
        alone.ifPresent(only -> {
            assertNull(only.taskDefinition());
            assertNull(only.deploymentConfiguration());
            assertEquals(propagate, only.propagateTagsAsString());
            assertEquals(managed, only.enableECSManagedTags());
        });
    }

    @Test
    void rollingCarriesTheRevisionCircuitBreakerAndAlarmsInOneCallAndKeepsTheServicesOwnSettings() {
        UpdateServiceRequest request = UpdateServiceRequests.build(SERVICE, "td:3",
                settings(null, true, List.of("web-5xx"), null), Strategy.ROLLING);

        assertEquals("td:3", request.taskDefinition());
        assertNull(request.desiredCount(), "desired count only when given: auto scaling owns it otherwise");
        DeploymentConfiguration configuration = request.deploymentConfiguration();
        assertEquals("ROLLING", configuration.strategyAsString());
        assertEquals(true, configuration.deploymentCircuitBreaker().enable());
        assertEquals(true, configuration.deploymentCircuitBreaker().rollback());
        assertEquals(50, configuration.minimumHealthyPercent(), "the service's own value stays");
        assertEquals(150, configuration.maximumPercent(), "an input wins");
        assertEquals(List.of("web-5xx"), configuration.alarms().alarmNames());
        assertEquals(true, configuration.alarms().rollback());
        assertNull(configuration.bakeTimeInMinutes(), "no bake time for rolling");
    }

    @Test
    void theCircuitBreakerCanBeTurnedOff() {
        UpdateServiceRequest request = UpdateServiceRequests.build(SERVICE, "td:3", settings(3, false, List.of(), null),
                Strategy.ROLLING);
        assertEquals(false, request.deploymentConfiguration().deploymentCircuitBreaker().enable());
        assertEquals(3, request.desiredCount());
    }

    @Test
    void linearKeepsTheServicesStepUnlessGiven() {
        DeploymentConfiguration kept = UpdateServiceRequests.build(SERVICE, "td:3",
                settings(null, true, List.of(), null), Strategy.LINEAR).deploymentConfiguration();
        assertEquals(20.0, kept.linearConfiguration().stepPercent());
        assertEquals(5, kept.bakeTimeInMinutes());
        assertNull(kept.deploymentCircuitBreaker(), "the circuit breaker is a rolling feature");

        DeploymentConfiguration given = UpdateServiceRequests.build(SERVICE, "td:3",
                settings(null, true, List.of(), 25.0), Strategy.LINEAR).deploymentConfiguration();
        assertEquals(25.0, given.linearConfiguration().stepPercent());
        assertEquals(2, given.linearConfiguration().stepBakeTimeInMinutes());
    }

    private static final DeploymentLifecycleHook OLD_HOOK = DeploymentLifecycleHook.builder()
            .hookTargetArn("arn:aws:lambda:us-east-1:123456789012:function:old").roleArn("arn:aws:iam::1:role/r")
            .lifecycleStagesWithStrings("PRE_SCALE_UP").build();
    private static final Service HOOKED = SERVICE.toBuilder().deploymentConfiguration(SERVICE
            .deploymentConfiguration().toBuilder().lifecycleHooks(OLD_HOOK).build()).build();

    @Test
    void givenHooksReplaceTheServicesNoneClearsThemAndWithoutTheInputTheyStay() {
        DeploymentLifecycleHook smoke = DeploymentLifecycleHook.builder()
                .hookTargetArn("arn:aws:lambda:us-east-1:123456789012:function:smoke")
                .roleArn("arn:aws:iam::123456789012:role/ecs-hooks")
                .lifecycleStagesWithStrings("POST_TEST_TRAFFIC_SHIFT").build();
        for (Strategy strategy : List.of(Strategy.BLUE_GREEN, Strategy.LINEAR, Strategy.CANARY)) {
            assertEquals(List.of(smoke), UpdateServiceRequests.build(HOOKED, "td:3", settings(null, true, List.of(),
                    null, List.of(smoke)), strategy).deploymentConfiguration().lifecycleHooks(), strategy.name());
            assertEquals(List.of(), UpdateServiceRequests.build(HOOKED, "td:3", settings(null, true, List.of(),
                    null, List.of()), strategy).deploymentConfiguration().lifecycleHooks(), strategy.name());
            assertEquals(List.of(OLD_HOOK), UpdateServiceRequests.build(HOOKED, "td:3", settings(null, true,
                    List.of(), null, null), strategy).deploymentConfiguration().lifecycleHooks(), strategy.name());
        }
        assertEquals(List.of(OLD_HOOK), UpdateServiceRequests.build(HOOKED, "td:3", settings(null, true, List.of(),
                        null, List.of(smoke)), Strategy.ROLLING).deploymentConfiguration().lifecycleHooks(),
                "a rolling deployment runs no hooks; the input is warned about and not sent");
    }
}
