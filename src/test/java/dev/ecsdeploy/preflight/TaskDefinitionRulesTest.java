package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every registration rule: a valid task definition with one thing changed, and the one problem it must give. */
class TaskDefinitionRulesTest {
    static Stream<Arguments> cases() {
        String big = "\"" + "x".repeat(70_000) + "\"";
        return Stream.of(
                // Fargate task sizes
                Arguments.of(List.of("/memory=\"4096\""), "memory", "cpu 256 and memory 4096: with cpu 256 memory"
                        + " must be 512, 1024 or 2048"),
                Arguments.of(List.of("/cpu=\"512\"", "/memory=\"512\""), "memory", "with cpu 512 memory must be 1024"
                        + " to 4096 in steps of 1024"),
                Arguments.of(List.of("/cpu=\"2048\"", "/memory=\"4500\""), "memory", "4096 to 16384 in steps of"
                        + " 1024"),
                Arguments.of(List.of("/cpu=\"300\""), "memory", "Fargate has no task cpu 300"),
                Arguments.of(List.of("/cpu=-"), "requiresCompatibilities", "A Fargate task needs a task-level cpu"),
                Arguments.of(List.of("/memory=-", "/containerDefinitions/0/memory=256",
                        "/containerDefinitions/1/memory=128"), "requiresCompatibilities",
                        "A Fargate task needs a task-level memory"),
                Arguments.of(List.of("/cpu=\"a lot\""), "cpu", "neither CPU units nor vCPU"),
                // network mode
                Arguments.of(List.of("/networkMode=\"bridge\"", "/containerDefinitions/0/portMappings/0/hostPort=-"),
                        "networkMode", "Fargate runs only the awsvpc network mode; networkMode is bridge"),
                Arguments.of(List.of("/containerDefinitions/0/portMappings/0/hostPort=80"),
                        "containerDefinitions[0].portMappings[0].hostPort", "hostPort must equal the containerPort or"
                                + " be left out: hostPort 80, containerPort 8080"),
                Arguments.of(List.of("/containerDefinitions/0/hostname=\"web\""), "containerDefinitions[0].hostname",
                        "hostname is not supported under networkMode awsvpc"),
                Arguments.of(List.of("/containerDefinitions/0/links=[\"sidecar\"]"), "containerDefinitions[0].links",
                        "links are not supported under networkMode awsvpc"),
                // Fargate-unsupported parameters
                Arguments.of(List.of("/ipcMode=\"host\""), "ipcMode", "Fargate does not support ipcMode"),
                Arguments.of(List.of("/pidMode=\"host\""), "pidMode", "Fargate does not support pidMode host"),
                Arguments.of(List.of("/containerDefinitions/0/privileged=true"), "containerDefinitions[0].privileged",
                        "Fargate does not support privileged (container app)"),
                Arguments.of(List.of("/containerDefinitions/0/linuxParameters={\"devices\":[{\"hostPath\":"
                                + "\"/dev/fuse\"}]}"), "containerDefinitions[0].linuxParameters.devices",
                        "Fargate does not support linuxParameters.devices"),
                Arguments.of(List.of("/containerDefinitions/0/linuxParameters={\"capabilities\":{\"add\":"
                                + "[\"NET_ADMIN\"]}}"), "containerDefinitions[0].linuxParameters.capabilities.add[0]",
                        "only the SYS_PTRACE capability, not NET_ADMIN"),
                Arguments.of(List.of("/containerDefinitions/0/dnsServers=[\"10.0.0.2\"]"),
                        "containerDefinitions[0].dnsServers", "Fargate does not support dnsServers"),
                Arguments.of(List.of("/containerDefinitions/0/extraHosts=[{\"hostname\":\"db\",\"ipAddress\":"
                        + "\"10.0.0.3\"}]"), "containerDefinitions[0].extraHosts", "Fargate does not support"
                        + " extraHosts"),
                Arguments.of(List.of("/placementConstraints=[{\"type\":\"memberOf\",\"expression\":"
                        + "\"attribute:ecs.os-type == linux\"}]"), "placementConstraints", "Fargate does not support"
                        + " placementConstraints"),
                Arguments.of(List.of("/volumes=[{\"name\":\"data\",\"dockerVolumeConfiguration\":{\"scope\":"
                        + "\"task\"}}]"), "volumes[0].dockerVolumeConfiguration", "Fargate does not support Docker"
                        + " volumes"),
                Arguments.of(List.of("/volumes=[{\"name\":\"data\",\"host\":{\"sourcePath\":\"/srv/data\"}}]"),
                        "volumes[0].host.sourcePath", "Fargate does not support a host sourcePath"),
                // the execution role
                Arguments.of(List.of("/executionRoleArn=-", "/containerDefinitions/0/image=\"ghcr.io/acme/web:1\""),
                        "containerDefinitions[0].logConfiguration.logDriver", "container app logs with awslogs on"
                                + " Fargate"),
                Arguments.of(List.of("/executionRoleArn=-", "/containerDefinitions/0/logConfiguration=-"),
                        "containerDefinitions[0].image", "container app pulls a private ECR image on Fargate"),
                Arguments.of(List.of("/executionRoleArn=-", "/requiresCompatibilities=[\"EC2\"]",
                                "/containerDefinitions/0/image=\"ghcr.io/acme/web:1\"",
                                "/containerDefinitions/0/secrets=[{\"name\":\"DB\",\"valueFrom\":\"/prod/db\"}]"),
                        "containerDefinitions[0].secrets", "container app has secrets"),
                // memory
                Arguments.of(List.of("/requiresCompatibilities=[\"EC2\"]", "/memory=-",
                        "/containerDefinitions/0/memory=256"), "containerDefinitions[1].memory", "Container sidecar"
                        + " needs memory or memoryReservation, since the task sets no memory"),
                Arguments.of(List.of("/containerDefinitions/0/memory=1024"), "containerDefinitions[0].memory",
                        "Container app asks for 1024 MiB, more than the task's memory 512 MiB"),
                Arguments.of(List.of("/containerDefinitions/0/memory=128", "/containerDefinitions/0/memoryReservation="
                        + "256"), "containerDefinitions[0].memoryReservation", "memoryReservation 256 is above its"
                        + " memory limit 128"),
                Arguments.of(List.of("/containerDefinitions/0/memoryReservation=1024"),
                        "containerDefinitions[0].memoryReservation", "The containers reserve 1024 MiB"
                                + " (memoryReservation) up to app, more than the task's memory 512 MiB"),
                Arguments.of(List.of("/containerDefinitions/0/memoryReservation=300",
                        "/containerDefinitions/1/memoryReservation=300"), "containerDefinitions[1].memoryReservation",
                        "The containers reserve 600 MiB (memoryReservation) up to sidecar"),
                // containers
                Arguments.of(List.of("/containerDefinitions/1/name=\"app\""), "containerDefinitions[1].name",
                        "Two containers are named \"app\" (containerDefinitions[0] too)"),
                Arguments.of(List.of("/containerDefinitions/0/essential=false"), "containerDefinitions[0].essential",
                        "No container is essential"),
                Arguments.of(List.of("/containerDefinitions/0/dependsOn=[{\"containerName\":\"envoy\",\"condition\":"
                                + "\"START\"}]"), "containerDefinitions[0].dependsOn[0].containerName",
                        "Container app depends on \"envoy\", which is not a container of this task (it has app,"
                                + " sidecar)"),
                Arguments.of(List.of("/containerDefinitions/1/dependsOn=[{\"containerName\":\"sidecar\",\"condition\":"
                                + "\"START\"}]"), "containerDefinitions[1].dependsOn[0].containerName",
                        "Container sidecar depends on itself"),
                Arguments.of(List.of("/containerDefinitions/0/name=\"my app\""), "containerDefinitions[0].name",
                        "The container name \"my app\" is not valid"),
                // the family and the size
                Arguments.of(List.of("/family=\"web:prod\""), "family", "The family \"web:prod\" is not valid"),
                Arguments.of(List.of("/family=-"), "family", "The task definition has no family"),
                Arguments.of(List.of("/containerDefinitions/0/command=[" + big + "]"), "",
                        "ECS registers at most 65536 (64 KiB)"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void eachBrokenRuleGivesOneProblemAtItsKey(List<String> edits, String path, String message) {
        List<Problem> problems = TaskDefinitionRules.check(TaskDefinitions.edited(edits.toArray(String[]::new)));

        assertEquals(1, problems.size(), problems.toString());
        assertEquals(path, problems.getFirst().path(), problems.toString());
        assertTrue(problems.getFirst().message().contains(message), problems.getFirst().message());
        assertEquals(Problem.TASK_DEFINITION, problems.getFirst().input());
    }

    @Test
    void theValidTaskDefinitionAndItsEquivalentShapesPass() {
        assertEquals(List.of(), TaskDefinitionRules.check(TaskDefinitions.edited()));
        assertEquals(List.of(), TaskDefinitionRules.check(TaskDefinitions.edited("/cpu=\"1 vCPU\"",
                "/memory=\"2 GB\"")), "ECS's unit strings");
        assertEquals(List.of(), TaskDefinitionRules.check(TaskDefinitions.edited(
                "/containerDefinitions/0/portMappings/0/hostPort=-")), "awsvpc fills in the host port");
        assertEquals(List.of(), TaskDefinitionRules.check(TaskDefinitions.edited("/requiresCompatibilities=[\"EC2\"]",
                "/networkMode=\"bridge\"", "/containerDefinitions/0/portMappings/0/hostPort=0",
                "/containerDefinitions/0/links=[\"sidecar\"]", "/containerDefinitions/0/privileged=true")),
                "EC2 with bridge: dynamic host ports, links and privileged are fine");
        assertEquals(List.of(), TaskDefinitionRules.check(TaskDefinitions.edited("/cpu=\"16384\"",
                "/memory=\"122880\"")), "the largest Fargate size");
    }

    @Test
    void allProblemsComeAtOnce() {
        List<Problem> problems = TaskDefinitionRules.check(TaskDefinitions.edited("/memory=\"4096\"",
                "/containerDefinitions/0/portMappings/0/hostPort=80", "/containerDefinitions/0/hostname=\"web\"",
                "/ipcMode=\"task\"", "/executionRoleArn=-"));

        assertEquals(List.of("memory", "ipcMode", "containerDefinitions[0].logConfiguration.logDriver",
                "containerDefinitions[0].portMappings[0].hostPort",
                "containerDefinitions[0].hostname"), problems.stream().map(Problem::path).toList());
    }

    @Test
    void aPathIsItsJsonPointer() {
        assertEquals("/containerDefinitions/0/portMappings/10/hostPort",
                Problem.at("containerDefinitions[0].portMappings[10].hostPort", "").pointer());
        assertEquals("", Problem.at("", "").pointer());
    }
}
