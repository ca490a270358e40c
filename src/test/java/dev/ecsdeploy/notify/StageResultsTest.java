package dev.ecsdeploy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.pipeline.DeploymentStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** status_build / status_deploy of the source workflow's payload, from where the run stopped. */
class StageResultsTest {
    @ParameterizedTest(name = "{0} {1} in {2} -> build {3}, deploy {4}")
    @CsvSource(nullValues = "none", value = {
            "deploy,   SUCCESSFUL,  none,                     success,   success",
            "deploy,   FAILED,      resolve version,          failure,   skipped",
            "deploy,   FAILED,      render task definition,   failure,   skipped",
            "deploy,   FAILED,      build image,              failure,   skipped",
            "deploy,   FAILED,      deploy,                   success,   failure",
            "deploy,   ROLLED_BACK, deploy,                   success,   failure",
            "deploy,   TIMED_OUT,   deploy,                   success,   failure",
            "deploy,   CANCELLED,   deploy,                   success,   cancelled",
            "deploy,   CANCELLED,   push image,               cancelled, skipped",
            "deploy,   FAILED,      deregister old revisions, success,   failure",
            "rollback, SUCCESSFUL,  none,                     skipped,   success",
            "rollback, FAILED,      rollback,                 skipped,   failure",
            // issue 17.5: wait-until ready is a success of the deploy stage; continue builds nothing
            "deploy,   READY,       none,                     success,   success",
            "continue, SUCCESSFUL,  none,                     skipped,   success",
            "continue, ROLLED_BACK, continue,                 skipped,   failure",
    })
    void deriveEachStagesResult(String command, DeploymentStatus status, String failedStep, String build,
                                String deploy) {
        assertEquals(new StageResults(build, deploy), StageResults.of(command, status, failedStep));
    }
}
