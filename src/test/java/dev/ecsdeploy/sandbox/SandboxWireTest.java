package dev.ecsdeploy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Raw wire details no SDK in this repo exercises: AWS JSON 1.0 for CloudWatch, unknown operations, the state. */
class SandboxWireTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> post(Sandbox sandbox, String target, String contentType, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(sandbox.endpoint()).header("X-Amz-Target", target)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void cloudWatchAnswersAwsJson10WithEpochSecondTimestamps() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            HttpResponse<String> response = post(sandbox, "GraniteServiceVersion20100801.DescribeAlarms",
                    "application/x-amz-json-1.0", "{\"AlarmNamePrefix\":\"web-\"}");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("application/x-amz-json-1.0", response.headers().firstValue("Content-Type").orElse(""));
            JsonNode alarm = SandboxTesting.JSON.readTree(response.body()).at("/MetricAlarms/0");
            assertEquals("web-5xx", alarm.get("AlarmName").asText());
            assertTrue(alarm.get("StateUpdatedTimestamp").isNumber(), alarm.toString());
        }
    }

    @Test
    void unknownOperationsAndBadBodiesAnswerAsAwsDoes() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            HttpResponse<String> unknown = post(sandbox, "AmazonEC2ContainerServiceV20141113.DeleteCluster",
                    "application/x-amz-json-1.1", "{}");
            assertEquals(400, unknown.statusCode());
            assertEquals("UnknownOperationException",
                    SandboxTesting.JSON.readTree(unknown.body()).get("__type").asText());
            assertEquals("The sandbox does not implement DeleteCluster.",
                    SandboxTesting.JSON.readTree(unknown.body()).get("message").asText());
            // CloudWatch's requests are not typed by the front: its own dispatch refuses the operation.
            HttpResponse<String> untyped = post(sandbox, "GraniteServiceVersion20100801.PutMetricAlarm",
                    "application/x-amz-json-1.0", "{\"AlarmName\":\"web-5xx\"}");
            assertEquals(400, untyped.statusCode(), untyped.body());
            assertEquals("UnknownOperationException",
                    SandboxTesting.JSON.readTree(untyped.body()).get("__type").asText());
            assertEquals("The sandbox does not implement PutMetricAlarm.",
                    SandboxTesting.JSON.readTree(untyped.body()).get("message").asText());
            HttpResponse<String> wrongType = post(sandbox, "AmazonEC2ContainerServiceV20141113.UpdateService",
                    "application/x-amz-json-1.1", "{\"service\":\"web\",\"desiredCount\":\"many\"}");
            assertEquals(400, wrongType.statusCode());
            assertEquals("SerializationException",
                    SandboxTesting.JSON.readTree(wrongType.body()).get("__type").asText(), wrongType.body());
            JsonNode state = sandbox.state();
            assertEquals(2, state.at("/services/0/desiredCount").asInt(), "a refused request changes nothing");
            assertEquals("healthy", state.get("scenario").asText());
            assertTrue(state.get("secrets").toString().contains("demo/web")
                    && !state.toString().contains("sandbox-secret-value"), "secret values never in the state");
        }
    }
}
