package dev.ecsdeploy.sandbox.ecs;

import java.time.Instant;

/** A service revision (DescribeServiceRevisions): the task definition and settings one deployment rolled out. */
public record ServiceRevisionRecord(String arn, String serviceName, TaskDefinitionRecord taskDefinition,
                                    Instant createdAt) {
}
