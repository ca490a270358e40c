package dev.ecsdeploy.sandbox.cloudwatch;

import static dev.ecsdeploy.sandbox.core.ServedOperation.untyped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.ServedOperation;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;
import java.util.List;
import java.util.Map;

/** CloudWatch: DescribeAlarms (whichever protocol the client speaks; members as the model names them). */
public final class CloudWatchHandler implements ServiceHandler {
    private final AlarmStore store;

    public CloudWatchHandler(AlarmStore store) {
        this.store = store;
    }

    /** Untyped: Services gives CloudWatch no model package, so the front does not type its requests. */
    private final Map<String, ServedOperation> operations = ServedOperation.table(
            untyped("DescribeAlarms", this::describeAlarms));

    @Override
    public Map<String, ServedOperation> operations() {
        return operations;
    }

    private JsonNode describeAlarms(JsonNode input) {
        List<String> names = Wire.textList(input, "AlarmNames");
        String prefix = Wire.text(input, "AlarmNamePrefix");
        String state = Wire.text(input, "StateValue");
        ObjectNode out = Wire.object();
        ArrayNode alarms = out.putArray("MetricAlarms");
        for (AlarmStore.Alarm alarm : store.all()) {
            if ((names.isEmpty() || names.contains(alarm.name)) && (prefix == null || alarm.name.startsWith(prefix))
                    && (state == null || state.equals(alarm.state))) {
                alarms.add(alarm(alarm));
            }
        }
        out.set("CompositeAlarms", Wire.array());
        return out;
    }

    private static ObjectNode alarm(AlarmStore.Alarm alarm) {
        ObjectNode json = Wire.object();
        json.put("AlarmName", alarm.name);
        json.put("AlarmArn", alarm.arn);
        json.put("AlarmDescription", "5xx answers from the web target group");
        Wire.putTime(json, "AlarmConfigurationUpdatedTimestamp", alarm.configuredAt);
        json.put("ActionsEnabled", true);
        json.set("OKActions", Wire.array());
        json.set("AlarmActions", Wire.array());
        json.set("InsufficientDataActions", Wire.array());
        json.put("StateValue", alarm.state);
        json.put("StateReason", alarm.stateReason);
        Wire.putTime(json, "StateUpdatedTimestamp", alarm.stateUpdatedAt);
        json.put("MetricName", alarm.metricName);
        json.put("Namespace", alarm.namespace);
        json.put("Statistic", "Sum");
        json.set("Dimensions", Wire.array().add(Wire.object().put("Name", "TargetGroup")
                .put("Value", "targetgroup/web-tg/6d0ecf831eec9f09")));
        json.put("Period", 60);
        json.put("EvaluationPeriods", 1);
        json.put("DatapointsToAlarm", 1);
        json.put("Threshold", 1.0);
        json.put("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        json.put("TreatMissingData", "notBreaching");
        Wire.putTime(json, "StateTransitionedTimestamp", alarm.stateUpdatedAt);
        return json;
    }
}
