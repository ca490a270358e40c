package dev.ecsdeploy.preflight;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.taskdef.TaskDefinitionReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/** Task definitions for the rule tables: web1's valid Fargate task definition, changed by JSON-pointer edits. */
final class TaskDefinitions {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String VALID = """
            {
              "family": "web",
              "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
              "networkMode": "awsvpc",
              "requiresCompatibilities": ["FARGATE"],
              "cpu": "256",
              "memory": "512",
              "containerDefinitions": [
                {
                  "name": "app",
                  "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1",
                  "essential": true,
                  "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}],
                  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web",
                    "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"}}
                },
                {
                  "name": "sidecar",
                  "image": "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0",
                  "essential": false
                }
              ]
            }
            """;

    private TaskDefinitions() {
    }

    /**
     * The valid task definition with edits applied, each {@code /pointer=json} (the value as JSON) or
     * {@code /pointer=-} (remove the key); a pointer ending in {@code /-} appends to an array.
     */
    static RegisterTaskDefinitionRequest edited(String... edits) {
        return request(editedJson(edits));
    }

    static ObjectNode editedJson(String... edits) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(VALID);
            for (String edit : edits) {
                int equals = edit.indexOf('=');
                JsonPointer pointer = JsonPointer.compile(edit.substring(0, equals));
                String value = edit.substring(equals + 1);
                JsonNode parent = root.at(pointer.head());
                String last = pointer.last().getMatchingProperty();
                if (value.equals("-")) {
                    ((ObjectNode) parent).remove(last);
                } else if (parent.isArray()) {
                    ArrayNode array = (ArrayNode) parent;
                    if (last.equals("-")) {
                        array.add(JSON.readTree(value));
                    } else {
                        array.set(Integer.parseInt(last), JSON.readTree(value));
                    }
                } else {
                    ((ObjectNode) parent).set(last, JSON.readTree(value));
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RegisterTaskDefinitionRequest request(JsonNode json) {
        TaskDefinitionReader.Result result = TaskDefinitionReader.read(json);
        if (result.hasErrors()) {
            throw new IllegalArgumentException(result.problems().toString());
        }
        return result.request();
    }
}
