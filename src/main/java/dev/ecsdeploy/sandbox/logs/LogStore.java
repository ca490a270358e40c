package dev.ecsdeploy.sandbox.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CloudWatch Logs groups and streams. Guarded by the world lock. */
public final class LogStore {
    public record Event(long timestamp, String message, long ingestionTime) {
    }

    public static final class Group {
        public final String name;
        public final String arn;
        public final Instant createdAt;
        public final Map<String, List<Event>> streams = new LinkedHashMap<>();
        public final Map<String, Instant> streamCreated = new LinkedHashMap<>();

        Group(String name, String arn, Instant createdAt) {
            this.name = name;
            this.arn = arn;
            this.createdAt = createdAt;
        }
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final String arnPrefix;

    public LogStore(String region, String account) {
        this.arnPrefix = "arn:aws:logs:" + region + ":" + account + ":log-group:";
    }

    public Group createGroup(String name, Instant at) {
        return groups.computeIfAbsent(name, n -> new Group(n, arnPrefix + n + ":*", at));
    }

    /** By name or ARN (logGroupIdentifier accepts either). */
    public Optional<Group> group(String nameOrArn) {
        if (nameOrArn == null) {
            return Optional.empty();
        }
        String name = nameOrArn.startsWith(arnPrefix) ? nameOrArn.substring(arnPrefix.length()).replaceAll(":\\*$", "")
                : nameOrArn;
        return Optional.ofNullable(groups.get(name));
    }

    public List<Group> groups() {
        return new ArrayList<>(groups.values());
    }

    public void append(String group, String stream, List<String> lines, Instant at) {
        Group target = groups.get(group);
        if (target == null) {
            return;
        }
        target.streamCreated.putIfAbsent(stream, at);
        List<Event> events = target.streams.computeIfAbsent(stream, s -> new ArrayList<>());
        long time = at.toEpochMilli();
        for (String line : lines) {
            events.add(new Event(time++, line, time + 30));
        }
    }
}
