package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.Masker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

class ProgressPrinterTest {
    private static ServiceDeployment deployment(String stage, Double production, Double test, Double sourceProduction) {
        return ServiceDeployment.builder().serviceDeploymentArn("arn:sd/1").status("IN_PROGRESS")
                .lifecycleStage(stage)
                .targetServiceRevision(r -> r.arn("arn:rev/new").requestedProductionTrafficWeight(production)
                        .requestedTestTrafficWeight(test))
                .sourceServiceRevisions(sourceProduction == null ? List.of()
                        : List.of(software.amazon.awssdk.services.ecs.model.ServiceRevisionSummary.builder()
                        .arn("arn:rev/old").requestedProductionTrafficWeight(sourceProduction)
                        .requestedTestTrafficWeight(test == null ? null : 100 - test).build()))
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "rolling: no weights, no line  | SCALE_UP                 | -   | -   | -   | -",
            "blue/green test traffic first | TEST_TRAFFIC_SHIFT       | 0   | 100 | 100 | '  traffic: production 0% new / 100% old, test 100% new / 0% old'",
            "linear step                   | PRODUCTION_TRAFFIC_SHIFT | 30  | -   | 70  | '  traffic: production 30% new / 70% old'",
            "canary                        | PRODUCTION_TRAFFIC_SHIFT | 5.5 | -   | -   | '  traffic: production 5.5% new / 94.5% old'",
            "all shifted                   | BAKE_TIME                | 100 | 100 | 0   | '  traffic: production 100% new / 0% old, test 100% new / 0% old'",
    })
    void theTrafficSplitReadsAsNewAndOld(String name, String stage, Double production, Double test, Double source,
                                         String expected) {
        String line = ProgressPrinter.trafficLine(deployment(stage, production, test, source));
        if (expected == null) {
            assertNull(line);
        } else {
            assertEquals(expected, line);
        }
    }

    @Test
    void aLinearDeploymentLogsEachStageAndEachStepOnceAsTrafficRises() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressPrinter printer = new ProgressPrinter(new ActionLog(new PrintStream(out, true, StandardCharsets.UTF_8),
                new Masker(), false, false), Instant.EPOCH);
        for (double[] poll : new double[][]{{0}, {0}, {10}, {10}, {20}, {100}}) {
            printer.serviceDeployment(deployment(poll[0] == 100 ? "BAKE_TIME"
                    : poll[0] == 0 ? "SCALE_UP" : "PRODUCTION_TRAFFIC_SHIFT", poll[0], null, 100 - poll[0]));
        }
        assertEquals(List.of(
                "deployment IN_PROGRESS, stage SCALE_UP",
                "  traffic: production 0% new / 100% old",
                "deployment IN_PROGRESS, stage PRODUCTION_TRAFFIC_SHIFT",
                "  traffic: production 10% new / 90% old",
                "  traffic: production 20% new / 80% old",
                "deployment IN_PROGRESS, stage BAKE_TIME",
                "  traffic: production 100% new / 0% old"),
                out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource(delimiter = '|', value = {
            "IN_PROGRESS          | POST_TEST_TRAFFIC_SHIFT  | deployment IN_PROGRESS, stage POST_TEST_TRAFFIC_SHIFT, waiting for lifecycle hook smoke",
            "IN_PROGRESS          | PRODUCTION_TRAFFIC_SHIFT | deployment IN_PROGRESS, stage PRODUCTION_TRAFFIC_SHIFT, waiting for lifecycle hooks smoke, metrics",
            "IN_PROGRESS          | BAKE_TIME                | deployment IN_PROGRESS, stage BAKE_TIME",
            "ROLLBACK_SUCCESSFUL  | POST_TEST_TRAFFIC_SHIFT  | deployment ROLLBACK_SUCCESSFUL, stage POST_TEST_TRAFFIC_SHIFT",
    })
    void theStageLineNamesTheHooksTheStageWaitsFor(String status, String stage, String expected) {
        String lambda = "arn:aws:lambda:us-east-1:123456789012:function:";
        ServiceDeployment deployment = ServiceDeployment.builder().status(status).lifecycleStage(stage)
                .deploymentConfiguration(c -> c.lifecycleHooks(
                        h -> h.hookTargetArn(lambda + "smoke").lifecycleStagesWithStrings("POST_TEST_TRAFFIC_SHIFT",
                                "PRODUCTION_TRAFFIC_SHIFT"),
                        h -> h.hookTargetArn(lambda + "metrics:live").lifecycleStagesWithStrings(
                                "PRODUCTION_TRAFFIC_SHIFT")))
                .build();
        assertEquals(expected, ProgressPrinter.stageLine(deployment));
    }
}
