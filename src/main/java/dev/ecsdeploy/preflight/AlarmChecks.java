package dev.ecsdeploy.preflight;

import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.deploy.DeploySettings;
import dev.ecsdeploy.pipeline.RunContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * Every alarm the {@code alarms} input names exists (metric or composite), so the deployment watches something;
 * {@code none} names no alarm.
 */
final class AlarmChecks {
    private AlarmChecks() {
    }

    static void check(RunContext context, List<Problem> problems) {
        List<String> names = context.inputs().list(Input.ALARMS).stream()
                .filter(name -> !name.equals(DeploySettings.NO_ALARMS)).toList();
        if (names.isEmpty()) {
            return;
        }
        Set<String> found = new LinkedHashSet<>();
        context.aws().cloudWatch().describeAlarmsPaginator(r -> r.alarmNames(names)).metricAlarms()
                .forEach((MetricAlarm alarm) -> found.add(alarm.alarmName()));
        context.aws().cloudWatch().describeAlarmsPaginator(r -> r.alarmNames(names)
                        .alarmTypesWithStrings("CompositeAlarm")).compositeAlarms()
                .forEach(alarm -> found.add(alarm.alarmName()));
        List<String> missing = names.stream().filter(name -> !found.contains(name)).toList();
        if (!missing.isEmpty()) {
            problems.add(new Problem(Input.ALARMS.inputName(), null, "Input alarms: CloudWatch has no alarm "
                    + String.join(", ", missing) + " in this account and region; a deployment would watch nothing."
                    + " Create " + (missing.size() == 1 ? "it" : "them") + " or fix the name."));
        }
    }
}
