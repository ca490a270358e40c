package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.sandbox.Sandbox;
import java.util.List;
import java.util.Set;

/** What the sandbox's audit saw: the pre-flight's tests assert that a refused run changed nothing. */
final class SandboxAudit {
    /** Calls that change something in AWS; the pre-flight runs before every one of them. */
    static final Set<String> MUTATING = Set.of("RegisterTaskDefinition", "DeregisterTaskDefinition", "UpdateService",
            "CreateService", "CreateDeployment", "RunTask", "StopTask", "CreateRepository", "PutImage", "TagResource",
            "UntagResource", "PutParameter", "PutMetricAlarm");

    private SandboxAudit() {
    }

    /** The operations of the calls the sandbox received from the {@code from}th on. */
    static List<String> operationsSince(Sandbox sandbox, int from) {
        List<String> operations = sandbox.auditEntries().stream().map(entry -> entry.path("operation").asText())
                .toList();
        return operations.subList(from, operations.size());
    }

    static void assertNoMutationSince(Sandbox sandbox, int from) {
        assertEquals(List.of(), operationsSince(sandbox, from).stream().filter(MUTATING::contains).toList(),
                "the sandbox saw a mutating call");
    }
}
