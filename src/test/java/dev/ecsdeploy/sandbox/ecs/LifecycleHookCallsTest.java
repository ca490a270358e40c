package dev.ecsdeploy.sandbox.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What ECS sends a lifecycle hook and how it reads the answer, as the ECS developer guide's "Lambda hooks for Amazon
 * ECS service deployments" documents it: the stage a deployment starts at, the event's traffic weights per stage,
 * callBackDelay, and hookDetails merged.
 */
class LifecycleHookCallsTest {
    private static final String GREEN = "arn:aws:ecs:us-east-1:123456789012:service-revision/demo/web-bg/2";
    private static final String BLUE = "arn:aws:ecs:us-east-1:123456789012:service-revision/demo/web-bg/1";

    private static JsonNode parse(String json) {
        try {
            return Wire.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "active revisions {0}: starts at {1}")
    @CsvSource(delimiter = '|', value = {
        "rev/1       | PRE_SCALE_UP",
        "rev/1 rev/2 | RECONCILE_SERVICE",
        "''          | PRE_SCALE_UP",
    })
    void reconcileServiceOnlyWithMoreThanOneActiveRevision(String active, String stage) {
        List<String> revisions = active.isBlank() ? List.of() : Arrays.asList(active.split(" "));
        assertEquals(stage, TrafficShiftEngine.firstStage(revisions));
    }

    @ParameterizedTest(name = "{0}, rollback {1}, production {2}: test {3}, production {4}")
    @CsvSource(delimiter = '|', value = {
        "PRE_SCALE_UP                  | false | 0   | {}                | {}",
        "POST_SCALE_UP                 | false | 0   | {}                | {}",
        "TEST_TRAFFIC_SHIFT            | false | 0   | {\"G\":100,\"B\":0} | {}",
        "POST_TEST_TRAFFIC_SHIFT       | false | 0   | {}                | {}",
        "PRODUCTION_TRAFFIC_SHIFT      | false | 100 | {}                | {\"G\":100,\"B\":0}",
        "PRODUCTION_TRAFFIC_SHIFT      | false | 25  | {}                | {\"G\":25,\"B\":75}",
        "POST_PRODUCTION_TRAFFIC_SHIFT | false | 100 | {}                | {}",
        "PRODUCTION_TRAFFIC_SHIFT      | true  | 0   | {}                | {\"G\":0,\"B\":100}",
        "TEST_TRAFFIC_SHIFT            | true  | 0   | {\"G\":0,\"B\":100} | {}",
    })
    void theEventCarriesTheWeightsOfItsStage(String stage, boolean rollback, double production, String test,
                                              String productionWeights) {
        EcsServiceState service = new EcsServiceState("web-bg", "arn:aws:ecs:us-east-1:123456789012:service/demo/web-bg",
                "ECS", Instant.EPOCH, Wire.array(), Wire.object(), Wire.object(), 2);
        ServiceDeploymentRecord record = new ServiceDeploymentRecord(
                "arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web-bg/abc", "web-bg", GREEN,
                List.of(BLUE), Instant.EPOCH, Wire.object());
        record.productionTrafficWeight = production;
        LifecycleHookCalls.Call call = new LifecycleHookCalls.Call();
        ObjectNode event = LifecycleHookCalls.event(service, record, stage, rollback, call,
                parse("{\"bucket\":\"b\"}"));

        assertEquals(call.executionId, event.get("executionId").asText());
        assertEquals(stage, event.get("lifecycleStage").asText());
        assertEquals(record.arn, event.get("resourceArn").asText());
        assertEquals(service.arn, event.at("/executionDetails/serviceArn").asText());
        assertEquals(GREEN, event.at("/executionDetails/targetServiceRevisionArn").asText(),
                "the target stays the green revision, in a rollback too");
        assertEquals(parse(test.replace("G", GREEN).replace("B", BLUE)),
                event.at("/executionDetails/testTrafficWeights"));
        assertEquals(parse(productionWeights.replace("G", GREEN).replace("B", BLUE)),
                event.at("/executionDetails/productionTrafficWeights"));
        assertEquals(parse("{\"bucket\":\"b\"}"), event.get("hookDetails"));
    }

    @ParameterizedTest(name = "{0}: again in {1} s")
    @CsvSource(delimiter = '|', value = {
        "{\"hookStatus\":\"IN_PROGRESS\"}                       | 30",
        "{\"hookStatus\":\"IN_PROGRESS\",\"callBackDelay\":60}  | 60",
        "{\"hookStatus\":\"IN_PROGRESS\",\"callBackDelay\":0}   | 0",
        "{\"hookStatus\":\"IN_PROGRESS\",\"callBackDelay\":\"x\"} | 30",
        "{\"hookStatus\":\"IN_PROGRESS\",\"callBackDelay\":-5}  | 30",
    })
    void inProgressIsAskedAgainAfterItsCallBackDelay(String answer, double seconds) {
        assertEquals(seconds, LifecycleHookCalls.callBackDelay(parse(answer)));
    }

    @ParameterizedTest(name = "configured {0} + returned {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"S3_BUCKET_NAME\":\"b\"} | {}                          | {\"S3_BUCKET_NAME\":\"b\"}",
        "{\"S3_BUCKET_NAME\":\"b\"} | {\"approvalChecked\":true}    | {\"S3_BUCKET_NAME\":\"b\",\"approvalChecked\":true}",
        "{\"n\":1}                 | {\"n\":2}                      | {\"n\":2}",
        "null                      | {\"n\":2}                      | {\"n\":2}",
        "null                      | {}                           | null",
    })
    void hookDetailsAreTheConfiguredOnesWithWhatTheFunctionReturnedMergedIn(String configured, String returned,
                                                                            String sent) {
        JsonNode merged = LifecycleHookCalls.merged(configured.equals("null") ? null : parse(configured),
                (ObjectNode) parse(returned));
        assertEquals(sent.equals("null") ? null : parse(sent), merged);
    }
}
