package dev.ecsdeploy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.Wire;
import dev.ecsdeploy.sandbox.ecs.ServiceRevisionRules;
import dev.ecsdeploy.sandbox.ecs.TaskDefinitionRules;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sandbox's ECS rules as tables: the Fargate task size table, host ports, and what fits a service. */
class TaskDefinitionRulesTest {
    private static ObjectNode fargate(String cpu, String memory) {
        ObjectNode json = (ObjectNode) parse("{\"family\":\"web\",\"networkMode\":\"awsvpc\","
                + "\"requiresCompatibilities\":[\"FARGATE\"],\"executionRoleArn\":\"arn:aws:iam::1:role/x\","
                + "\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"nginx\"}]}");
        json.put("cpu", cpu);
        json.put("memory", memory);
        return json;
    }

    private static JsonNode parse(String json) {
        try {
            return Wire.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "cpu {0}, memory {1}: valid {2}")
    @CsvSource(delimiter = '|', value = {
        "256     | 512    | true",
        "256     | 1024   | true",
        "256     | 1536   | false",
        "256     | 2048   | true",
        "256     | 4096   | false",
        "512     | 1024   | true",
        "512     | 4096   | true",
        "512     | 512    | false",
        "1024    | 1024   | false",
        "1024    | 2048   | true",
        "1024    | 8192   | true",
        "1024    | 9216   | false",
        "2048    | 16384  | true",
        "2048    | 4608   | false",
        "4096    | 30720  | true",
        "4096    | 31744  | false",
        "8192    | 16384  | true",
        "8192    | 20480  | true",
        "8192    | 18432  | false",
        "8192    | 61440  | true",
        "16384   | 32768  | true",
        "16384   | 36864  | false",
        "16384   | 122880 | true",
        "128     | 512    | false",
        "1 vCPU  | 2 GB   | true",
        ".25 vCPU| 0.5 GB | true",
        "2 vcpu  | 4GB    | true",
        "1 vCPU  | 1 GB   | false",
        "lots    | 512    | false",
    })
    void fargateTaskSizes(String cpu, String memory, boolean valid) {
        Optional<String> refusal = TaskDefinitionRules.refusal(fargate(cpu, memory), 300);
        assertEquals(valid ? Optional.empty() : Optional.of("No Fargate configuration exists for given values: "
                + cpu + " CPU, " + memory + " memory. See the Amazon ECS documentation for the valid values."),
                refusal);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"dnsServers\":[\"10.0.0.2\"]}                 | | dnsServers",
        "{\"dnsServers\":[]}                             | | ",
        "{\"extraHosts\":[{\"hostname\":\"a\",\"ipAddress\":\"10.0.0.1\"}]} | | extraHosts",
        "{\"disableNetworking\":true}                    | | disableNetworking",
        "{\"disableNetworking\":false}                   | | ",
        "{\"dockerSecurityOptions\":[\"no-new-privileges\"]} | | dockerSecurityOptions",
        "{\"linuxParameters\":{\"sharedMemorySize\":64}}  | | sharedMemorySize",
        "{\"linuxParameters\":{\"tmpfs\":[]}}              | | tmpfs",
        "{\"linuxParameters\":{\"capabilities\":{\"add\":[\"SYS_PTRACE\"]}}} | | ",
        "{\"resourceRequirements\":[{\"type\":\"GPU\",\"value\":\"1\"}]} | | gpu",
        "{}                                              | [{\"type\":\"memberOf\"}] | placementConstraints",
    })
    void fargateRefusesTheParametersItDoesNotSupport(String container, String placement, String unsupported) {
        ObjectNode json = fargate("256", "512");
        ObjectNode app = (ObjectNode) json.at("/containerDefinitions/0");
        parse(container).properties().forEach(e -> app.set(e.getKey(), e.getValue()));
        if (placement != null) {
            json.set("placementConstraints", parse(placement));
        }
        assertEquals(Optional.ofNullable(unsupported).map(key -> "Fargate compatible task definitions do not"
                + " support " + key), TaskDefinitionRules.refusal(json, 300));
    }

    @ParameterizedTest(name = "{0}, mapping {1}: stored {2}")
    @CsvSource(delimiter = '|', value = {
        "awsvpc | {\"containerPort\":8080}                 | {\"containerPort\":8080,\"hostPort\":8080}",
        "host   | {\"containerPort\":8080}                 | {\"containerPort\":8080,\"hostPort\":8080}",
        "awsvpc | {\"containerPort\":8080,\"hostPort\":8080} | {\"containerPort\":8080,\"hostPort\":8080}",
        "bridge | {\"containerPort\":8080}                 | {\"containerPort\":8080}",
    })
    void hostPortsAreFilledInWhereEcsFillsThem(String networkMode, String mapping, String stored) {
        ObjectNode json = (ObjectNode) parse("{\"networkMode\":\"" + networkMode + "\",\"containerDefinitions\":"
                + "[{\"portMappings\":[" + mapping + "]}]}");
        TaskDefinitionRules.fillHostPorts(json);
        assertEquals(parse(stored), json.at("/containerDefinitions/0/portMappings/0"));
    }

    @ParameterizedTest(name = "cpu {0}, memory {1}: stored {2}, {3}")
    @CsvSource(delimiter = '|', value = {
        "1 vCPU    | 2 GB   | 1024 | 2048",
        "0.5 vcpu  | 1GB    | 512  | 1024",
        ".25 vCPU  | 0.5 GB | 256  | 512",
        "256       | 512    | 256  | 512",
        "16 vCPU   | 120 GB | 16384 | 122880",
    })
    void vcpuAndGbAreStoredAsCpuUnitsAndMib(String cpu, String memory, String storedCpu, String storedMemory) {
        ObjectNode json = fargate(cpu, memory);
        TaskDefinitionRules.normalizeSizes(json);
        assertEquals(storedCpu, json.get("cpu").asText());
        assertEquals(storedMemory, json.get("memory").asText());
    }

    @ParameterizedTest(name = "{0} service, revision {1} {2}, network configuration {3}")
    @CsvSource(delimiter = '|', value = {
        "FARGATE | EC2,FARGATE | awsvpc | true  | ",
        "FARGATE | EC2         | awsvpc | true  | Task definition does not support launch_type FARGATE.",
        "FARGATE | EC2         | bridge | true  | Task definition does not support launch_type FARGATE.",
        "EC2     | EC2         | bridge | false | ",
        "EC2     | EC2         | bridge | true  | Network Configuration is not valid for the given networkMode of this"
                + " task definition.",
        "EC2     | EC2         | awsvpc | false | Network Configuration must be provided when networkMode 'awsvpc'"
                + " is specified.",
        "EC2     | EC2,FARGATE | awsvpc | true  | ",
    })
    void aRevisionFitsAServiceByLaunchTypeAndNetworkMode(String launchType, String compatibilities,
                                                         String networkMode, boolean configured, String refusal) {
        ObjectNode revision = Wire.object();
        revision.put("networkMode", networkMode);
        revision.set("compatibilities", Wire.strings(java.util.List.of(compatibilities.split(","))));
        JsonNode network = configured ? parse("{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-1\"]}}") : null;
        assertEquals(Optional.ofNullable(refusal), ServiceRevisionRules.refusal(launchType, network, revision));
    }
}
