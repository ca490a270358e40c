package dev.ecsdeploy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** The throttle scenario draws from a seeded random: the same calls in order are throttled alike every run. */
class ThrottleSeedTest {
    @Test
    void theSameCallsAreThrottledTheSameWayInEverySandbox() {
        List<Boolean> first = throttledCalls(20);
        List<Boolean> second = throttledCalls(20);

        assertEquals(first, second);
        assertTrue(first.contains(true) && first.contains(false), first.toString());
    }

    private static List<Boolean> throttledCalls(int calls) {
        List<Boolean> throttled = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.THROTTLE));
             EcsClient ecs = EcsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE",
                             "secret"))).httpClientBuilder(UrlConnectionHttpClient.builder())
                     .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            for (int call = 0; call < calls; call++) {
                try {
                    ecs.listClusters();
                    throttled.add(false);
                } catch (EcsException e) {
                    assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
                    throttled.add(true);
                }
            }
        }
        return throttled;
    }
}
