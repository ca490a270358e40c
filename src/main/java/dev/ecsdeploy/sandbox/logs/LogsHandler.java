package dev.ecsdeploy.sandbox.logs;

import static dev.ecsdeploy.sandbox.core.ServedOperation.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.ServedOperation;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;

/** CloudWatch Logs: DescribeLogGroups, DescribeLogStreams, GetLogEvents, FilterLogEvents. */
public final class LogsHandler implements ServiceHandler {
    private final LogStore store;

    public LogsHandler(LogStore store) {
        this.store = store;
    }

    /** Every operation Logs serves here, with the SDK builder that types its request (see RequestValidator). */
    private final Map<String, ServedOperation> operations = ServedOperation.table(
            typed("DescribeLogGroups", DescribeLogGroupsRequest::builder, this::describeGroups),
            typed("DescribeLogStreams", DescribeLogStreamsRequest::builder, this::describeStreams),
            typed("GetLogEvents", GetLogEventsRequest::builder, this::getEvents),
            typed("FilterLogEvents", FilterLogEventsRequest::builder, this::filterEvents));

    @Override
    public Map<String, ServedOperation> operations() {
        return operations;
    }

    private LogStore.Group group(JsonNode input) {
        String name = Wire.text(input, "logGroupName") != null ? Wire.text(input, "logGroupName")
                : Wire.text(input, "logGroupIdentifier");
        if (name == null) {
            throw AwsError.client("InvalidParameterException", "Either logGroupName or logGroupIdentifier must be"
                    + " specified.");
        }
        return store.group(name).orElseThrow(() -> AwsError.client("ResourceNotFoundException",
                "The specified log group does not exist."));
    }

    private JsonNode describeGroups(JsonNode input) {
        String prefix = Wire.text(input, "logGroupNamePrefix");
        String pattern = Wire.text(input, "logGroupNamePattern");
        ObjectNode out = Wire.object();
        ArrayNode groups = out.putArray("logGroups");
        for (LogStore.Group group : store.groups()) {
            if ((prefix == null || group.name.startsWith(prefix)) && (pattern == null || group.name.contains(pattern))) {
                ObjectNode json = groups.addObject();
                json.put("logGroupName", group.name);
                json.put("creationTime", group.createdAt.toEpochMilli());
                json.put("metricFilterCount", 0);
                json.put("arn", group.arn);
                json.put("storedBytes", 0);
                json.put("logGroupClass", "STANDARD");
                json.put("logGroupArn", group.arn.replaceAll(":\\*$", ""));
            }
        }
        return out;
    }

    private JsonNode describeStreams(JsonNode input) {
        LogStore.Group group = group(input);
        String prefix = Wire.text(input, "logStreamNamePrefix");
        ObjectNode out = Wire.object();
        ArrayNode streams = out.putArray("logStreams");
        for (Map.Entry<String, List<LogStore.Event>> entry : group.streams.entrySet()) {
            if (prefix == null || entry.getKey().startsWith(prefix)) {
                ObjectNode json = streams.addObject();
                json.put("logStreamName", entry.getKey());
                json.put("creationTime", group.streamCreated.get(entry.getKey()).toEpochMilli());
                List<LogStore.Event> events = entry.getValue();
                if (!events.isEmpty()) {
                    json.put("firstEventTimestamp", events.getFirst().timestamp());
                    json.put("lastEventTimestamp", events.getLast().timestamp());
                    json.put("lastIngestionTime", events.getLast().ingestionTime());
                }
                json.put("arn", group.arn.replaceAll(":\\*$", "") + ":log-stream:" + entry.getKey());
            }
        }
        return out;
    }

    private JsonNode getEvents(JsonNode input) {
        LogStore.Group group = group(input);
        String streamName = Wire.text(input, "logStreamName");
        List<LogStore.Event> events = group.streams.get(streamName);
        if (events == null) {
            throw AwsError.client("ResourceNotFoundException", "The specified log stream does not exist.");
        }
        Long start = input.has("startTime") ? input.get("startTime").asLong() : null;
        Long end = input.has("endTime") ? input.get("endTime").asLong() : null;
        List<LogStore.Event> matching = events.stream()
                .filter(e -> (start == null || e.timestamp() >= start) && (end == null || e.timestamp() < end))
                .toList();
        int limit = input.has("limit") ? input.get("limit").asInt() : 10000;
        // Tokens are positions: f/N reads forward from N, b/N backward to N; an exhausted forward read answers the
        // token it was given, which is how clients know to stop paging.
        String token = Wire.text(input, "nextToken");
        int from;
        int to;
        if (token != null && token.startsWith("f/")) {
            from = Math.min(position(token), matching.size());
            to = Math.min(matching.size(), from + limit);
        } else if (token != null && token.startsWith("b/")) {
            to = Math.min(position(token), matching.size());
            from = Math.max(0, to - limit);
        } else if (Wire.bool(input, "startFromHead", false)) {
            from = 0;
            to = Math.min(matching.size(), limit);
        } else {
            to = matching.size();
            from = Math.max(0, to - limit);
        }
        ObjectNode out = Wire.object();
        ArrayNode array = out.putArray("events");
        for (LogStore.Event event : matching.subList(from, to)) {
            array.addObject().put("timestamp", event.timestamp()).put("message", event.message())
                    .put("ingestionTime", event.ingestionTime());
        }
        out.put("nextForwardToken", "f/" + String.format("%056d", to));
        out.put("nextBackwardToken", "b/" + String.format("%056d", from));
        return out;
    }

    private static int position(String token) {
        try {
            return Integer.parseInt(token.substring(2));
        } catch (NumberFormatException e) {
            throw AwsError.client("InvalidParameterException", "The specified nextToken is invalid.");
        }
    }

    private JsonNode filterEvents(JsonNode input) {
        LogStore.Group group = group(input);
        List<String> names = Wire.textList(input, "logStreamNames");
        String prefix = Wire.text(input, "logStreamNamePrefix");
        String pattern = Wire.text(input, "filterPattern");
        String needle = pattern == null ? "" : pattern.replace("\"", "").trim();
        Long start = input.has("startTime") ? input.get("startTime").asLong() : null;
        Long end = input.has("endTime") ? input.get("endTime").asLong() : null;
        int limit = input.has("limit") ? input.get("limit").asInt() : 10000;
        List<ObjectNode> found = new ArrayList<>();
        ObjectNode out = Wire.object();
        ArrayNode searched = Wire.array();
        group.streams.forEach((stream, events) -> {
            if (!names.isEmpty() && !names.contains(stream) || prefix != null && !stream.startsWith(prefix)) {
                return;
            }
            searched.addObject().put("logStreamName", stream).put("searchedCompletely", true);
            int index = 0;
            for (LogStore.Event event : events) {
                index++;
                if ((start == null || event.timestamp() >= start) && (end == null || event.timestamp() <= end)
                        && (needle.isEmpty() || event.message().contains(needle))) {
                    ObjectNode json = Wire.object();
                    json.put("logStreamName", stream);
                    json.put("timestamp", event.timestamp());
                    json.put("message", event.message());
                    json.put("ingestionTime", event.ingestionTime());
                    json.put("eventId", String.format("%056d", event.timestamp() * 1000 + index));
                    found.add(json);
                }
            }
        });
        found.sort((a, b) -> Long.compare(a.get("timestamp").asLong(), b.get("timestamp").asLong()));
        ArrayNode events = out.putArray("events");
        found.stream().limit(limit).forEach(events::add);
        out.set("searchedLogStreams", searched);
        return out;
    }
}
