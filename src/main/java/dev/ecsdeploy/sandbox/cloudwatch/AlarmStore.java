package dev.ecsdeploy.sandbox.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CloudWatch metric alarms. Guarded by the world lock. */
public final class AlarmStore {
    public static final class Alarm {
        public final String name;
        public final String arn;
        public final String metricName;
        public final String namespace;
        public String state = "OK";
        public String stateReason = "Threshold Crossed: no datapoints were received for 1 period and 1 missing"
                + " datapoint was treated as [NonBreaching].";
        public Instant stateUpdatedAt;
        public final Instant configuredAt;

        Alarm(String name, String arn, String metricName, String namespace, Instant at) {
            this.name = name;
            this.arn = arn;
            this.metricName = metricName;
            this.namespace = namespace;
            this.stateUpdatedAt = at;
            this.configuredAt = at;
        }
    }

    private final Map<String, Alarm> alarms = new LinkedHashMap<>();
    private final String arnPrefix;

    public AlarmStore(String region, String account) {
        this.arnPrefix = "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:";
    }

    public Alarm add(String name, String metricName, String namespace, Instant at) {
        return alarms.computeIfAbsent(name, n -> new Alarm(n, arnPrefix + n, metricName, namespace, at));
    }

    public Optional<Alarm> find(String name) {
        return Optional.ofNullable(alarms.get(name));
    }

    public List<Alarm> all() {
        return new ArrayList<>(alarms.values());
    }

    /** Moves the alarm to a state (no-op when already there). */
    public void set(String name, String state, String reason, Instant at) {
        Alarm alarm = alarms.get(name);
        if (alarm != null && !alarm.state.equals(state)) {
            alarm.state = state;
            alarm.stateReason = reason;
            alarm.stateUpdatedAt = at;
        }
    }
}
