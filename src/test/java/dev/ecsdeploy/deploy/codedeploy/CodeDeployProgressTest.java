package dev.ecsdeploy.deploy.codedeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.codedeploy.model.ECSTaskSet;

class CodeDeployProgressTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0    | 100 | '  production traffic: 0% replacement (2/2 running), 100% original (2/2 running)'",
            "10   | 90  | '  production traffic: 10% replacement (2/2 running), 90% original (2/2 running)'",
            "12.5 | 87.5| '  production traffic: 12.5% replacement (2/2 running), 87.5% original (2/2 running)'",
    })
    void theTrafficSplitNamesTheReplacementFirst(double green, double blue, String expected) {
        List<ECSTaskSet> sets = List.of(
                ECSTaskSet.builder().taskSetLabel("Blue").trafficWeight(blue).runningCount(2L).desiredCount(2L).build(),
                ECSTaskSet.builder().taskSetLabel("Green").trafficWeight(green).runningCount(2L).desiredCount(2L)
                        .build());
        assertEquals(expected, CodeDeployProgress.trafficLine(sets));
    }

    @Test
    void noTaskSetsNoLine() {
        assertNull(CodeDeployProgress.trafficLine(List.of()));
    }

    @ParameterizedTest
    @CsvSource({
            "AppECS, demo, web-cd, AppECS-demo-web-cd",
            "DgpECS, arn:aws:ecs:us-east-1:123456789012:cluster/demo, web-cd, DgpECS-demo-web-cd",
    })
    void defaultNamesAreTheConsolesFromTheClusterName(String prefix, String cluster, String service, String expected) {
        assertEquals(expected, CodeDeployController.defaultName(prefix, cluster, service));
    }

    @Test
    void eachLifecycleEventIsPrintedOnceItStartsAndWhenItsStatusChanges() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        CodeDeployProgress progress = new CodeDeployProgress(new dev.ecsdeploy.github.ActionLog(
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new dev.ecsdeploy.github.Masker(), false, false));
        String[][] polls = {
                {"BeforeInstall=Pending", "Install=Pending"},
                {"BeforeInstall=InProgress", "Install=Pending"},
                {"BeforeInstall=Succeeded", "Install=InProgress"},
                {"BeforeInstall=Succeeded", "Install=InProgress"},
                {"BeforeInstall=Succeeded", "Install=Succeeded"}};
        for (String[] poll : polls) {
            List<software.amazon.awssdk.services.codedeploy.model.LifecycleEvent> events = java.util.Arrays
                    .stream(poll).map(e -> software.amazon.awssdk.services.codedeploy.model.LifecycleEvent.builder()
                            .lifecycleEventName(e.split("=")[0]).status(e.split("=")[1]).build()).toList();
            progress.target(software.amazon.awssdk.services.codedeploy.model.ECSTarget.builder()
                    .lifecycleEvents(events).build());
        }
        assertEquals(List.of("  BeforeInstall: InProgress", "  BeforeInstall: Succeeded", "  Install: InProgress",
                "  Install: Succeeded"), out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList());
    }
}
