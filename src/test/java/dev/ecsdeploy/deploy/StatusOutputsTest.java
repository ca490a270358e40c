package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.TaskSet;

class StatusOutputsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            "arn:aws:ecs:us-east-1:123456789012:task-definition/web:12, 12",
            "web:3,                                                      3",
            "arn:aws:ecs:us-east-1:123456789012:task-definition/web,     -",
            "-,                                                          -",
    })
    void theRevisionIsTheNumberAfterTheLastColon(String arn, Integer revision) {
        assertEquals(revision, StatusOutputs.revision(arn));
    }

    @ParameterizedTest(name = "task sets {0} -> {1}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            // while a deployment runs: the replacement (newest) task set's deployment
            "PRIMARY:100:d-OLD, ACTIVE:200:d-NEW | d-NEW",
            "ACTIVE:200:d-NEW, PRIMARY:100:d-OLD | d-NEW",
            // after it: the one serving
            "PRIMARY:200:d-NEW                   | d-NEW",
            // a task set CodeDeploy did not make (the service was created with one) names nothing
            "PRIMARY:100:-                       | -",
            "PRIMARY:100:-, ACTIVE:200:d-NEW     | d-NEW",
    })
    void theCodeDeployDeploymentIsTheNewestTaskSetsExternalId(String sets, String expected) {
        List<TaskSet> taskSets = new ArrayList<>();
        for (String set : sets.split(",")) {
            String[] parts = set.trim().split(":");
            taskSets.add(TaskSet.builder().status(parts[0]).createdAt(Instant.ofEpochSecond(Long.parseLong(parts[1])))
                    .externalId(parts[2].equals("-") ? null : parts[2]).build());
        }
        assertEquals(Optional.ofNullable(expected), StatusOutputs.taskSetDeployment(taskSets));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // a rollback deployment is newer than the one whose task set it kept serving
            "d-A:100:Succeeded, d-B:300:Succeeded, d-C:200:Failed | d-B Succeeded",
            "d-A:100:InProgress                                   | d-A InProgress",
    })
    void theLastDeploymentIsTheNewestByCreationTime(String deployments, String expected) {
        List<StatusOutputs.CodeDeployment> all = new ArrayList<>();
        for (String d : deployments.split(",")) {
            String[] parts = d.trim().split(":");
            all.add(new StatusOutputs.CodeDeployment(parts[0], Instant.ofEpochSecond(Long.parseLong(parts[1])),
                    parts[2]));
        }
        StatusOutputs.CodeDeployment newest = StatusOutputs.newest(all).orElseThrow();
        assertEquals(expected, newest.id() + " " + newest.status());
    }
}
