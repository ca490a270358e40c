package dev.ecsdeploy.image.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Engine API's build stream ({@code POST /build?version=2}: JSON messages, BuildKit's progress as base64
 * protobuf in {@code moby.buildkit.trace} aux messages) rendered as the text {@code docker build --progress=plain}
 * prints, line by line, so the log reads the same and {@code BuildFailure} and {@code CacheImportLog} parse it.
 *
 * <p>The rendering follows the plain printer of the Docker 20.10 CLI (BuildKit's progressui): a step's number is
 * given when the stream first names it; {@code #N name} and {@code #N sha256:...} when its output starts or resumes
 * after another step's, {@code #N 0.123 line} for each line it prints (seconds since it started), status lines
 * ({@code #N transferring context: 2B done}), and {@code #N CACHED}, {@code #N DONE 0.3s} or {@code #N ERROR: why} when
 * it ends. At the end, the failed steps ({@code ------} blocks) and the build's error. Where the CLI decides by the
 * wall clock (when to switch between steps running in parallel, which progress updates to skip) this renderer uses
 * the stream's own timestamps, so a captured stream always renders the same. Two deliberate differences: a partial
 * line is held until its newline (the CLI prints it and repeats it when the step resumes), and the CLI's
 * {@code stream} messages ("Successfully tagged"), which it discards, are discarded here too.
 *
 * <p>Only text from the stream goes to {@code lines}, never to any other channel: the consumer (ActionLog) masks
 * secrets.
 */
public final class BuildProgress {
    /** The CLI's plain printer switches to a step that has waited this long for the one it is showing. */
    private static final Duration MAX_DELAY = Duration.ofSeconds(10);
    /** ... or once the step it is showing has been quiet this long. */
    private static final Duration ANTI_FLICKER = Duration.ofSeconds(5);
    /** A status update is shown when it moved this share of its total, or {@link #MIN_TIME_DELTA} passed. */
    private static final double MIN_PROGRESS_DELTA = 0.05;
    private static final Duration MIN_TIME_DELTA = Duration.ofSeconds(5);
    private static final String CANCELED = "context canceled";

    private final Consumer<String> lines;
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final List<Step> startedOrder = new ArrayList<>();
    private final Set<Step> updated = new LinkedHashSet<>();
    private final Map<String, LastStatus> lastStatus = new HashMap<>();
    private Step current;
    private boolean printedAny;
    private Instant now = Instant.EPOCH;
    private String imageId;
    private String error;
    private boolean finished;

    public BuildProgress(Consumer<String> lines) {
        this.lines = lines;
    }

    /** One message of the stream, parsed. */
    public void accept(JsonNode message) {
        String id = message.path("id").asText("");
        JsonNode aux = message.path("aux");
        if (id.equals("moby.buildkit.trace") && aux.isTextual()) {
            BuildStatus status;
            try {
                status = BuildStatus.parse(aux.binaryValue());
            } catch (IOException | IllegalArgumentException e) {
                return; // not base64 or not a StatusResponse: one update lost, not the build
            }
            update(status);
            print();
        } else if (id.equals("moby.image.id") && aux.hasNonNull("ID")) {
            imageId = aux.get("ID").asText();
        } else if (message.hasNonNull("errorDetail") || message.hasNonNull("error")) {
            String detail = message.path("errorDetail").path("message").asText("");
            error = detail.isEmpty() ? message.path("error").asText("") : detail;
            finish(); // the engine's last word: what the CLI prints after the progress
        }
    }

    /** Ends the stream: flushes what is pending (e.g. a vertex that never completed). */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        print();
        while (!updated.isEmpty()) {
            printStep(updated.contains(current) ? current : longestWaiting(updated, null));
        }
        for (Step step : steps.values()) {
            if (step.partial != null) {
                printStep(step);
                flushPartial(step);
            }
        }
        for (Step step : startedOrder) {
            String stepError = step.vertex.error();
            if (!stepError.isEmpty() && !stepError.endsWith(CANCELED)) {
                emit("------");
                emit(" > " + step.vertex.name() + ":");
                emit("------");
            }
        }
        if (error != null && !error.isEmpty()) {
            emit(error);
        }
    }

    /** The built image's id ({@code moby.image.id}), or null when the stream named none. */
    public String imageId() {
        return imageId;
    }

    /** The stream's error ({@code errorDetail.message}), or null when it reported none. */
    public String error() {
        return error;
    }

    private void update(BuildStatus status) {
        advanceClock(status);
        for (BuildStatus.Vertex vertex : status.vertexes()) {
            Step step = steps.computeIfAbsent(vertex.digest(), digest -> new Step(steps.size() + 1));
            boolean wasStarted = step.vertex != null && step.vertex.started() != null;
            if (vertex.started() != null) {
                if (changed(step.previous, vertex)) {
                    markUpdated(step);
                }
                step.previous = vertex;
            }
            if (vertex.started() != null && !wasStarted) {
                startedOrder.add(step);
            }
            if (!(wasStarted && vertex.started() == null)) { // a repeated initial vertex does not reset it
                step.vertex = vertex;
            }
        }
        for (BuildStatus.Status progress : status.statuses()) {
            Step step = steps.get(progress.vertex());
            if (step == null) {
                continue; // BuildKit names the vertex first; the CLI skips what it cannot place too
            }
            BuildStatus.Status previous = step.statuses.get(progress.id());
            if (progress.started() != null && (previous == null || previous.started() == null)) {
                step.statusOrder.add(progress.id());
            }
            step.statuses.put(progress.id(), progress);
            step.statusUpdates.add(progress.id());
            markUpdated(step);
        }
        for (BuildStatus.Warning warning : status.warnings()) {
            Step step = steps.get(warning.vertex());
            if (step != null) {
                step.warnings.add(new String(warning.shortMessage(), StandardCharsets.UTF_8));
                markUpdated(step);
            }
        }
        for (BuildStatus.Log log : status.logs()) {
            Step step = steps.get(log.vertex());
            if (step != null && log.message().length > 0) {
                step.addLog(log);
                markUpdated(step);
            }
        }
    }

    private void advanceClock(BuildStatus status) {
        List<Instant> times = new ArrayList<>();
        status.vertexes().forEach(vertex -> {
            times.add(vertex.started());
            times.add(vertex.completed());
        });
        status.statuses().forEach(progress -> times.add(progress.timestamp()));
        status.logs().forEach(log -> times.add(log.timestamp()));
        for (Instant time : times) {
            if (time != null && time.isAfter(now)) {
                now = time;
            }
        }
    }

    private static boolean changed(BuildStatus.Vertex old, BuildStatus.Vertex vertex) {
        return old == null || !old.name().equals(vertex.name()) || !vertex.started().equals(old.started())
                || (vertex.completed() != null && !vertex.completed().equals(old.completed()))
                || old.cached() != vertex.cached() || !old.error().equals(vertex.error());
    }

    private void markUpdated(Step step) {
        updated.add(step);
        if (step.waitingSince == null) {
            step.waitingSince = now;
        }
        step.lastUpdate = now;
    }

    /** One round of the CLI's printer: finished steps first, then the step being shown, switching when it is fair. */
    private void print() {
        List<Step> completed = new ArrayList<>();
        List<Step> rest = new ArrayList<>();
        for (Step step : updated) {
            if (step.vertex == null) {
                continue;
            }
            (step.completed() ? completed : rest).add(step);
        }
        Step before = current;
        if (before != null && completed.contains(before)) {
            printStep(before);
        }
        completed.sort(Comparator.comparing((Step step) -> step.vertex.completed()).thenComparing(step -> step.index));
        for (Step step : completed) {
            if (step != before) {
                printStep(step);
            }
        }
        if (rest.isEmpty()) {
            if (before != null && before.open()) {
                return;
            }
            for (Step step : steps.values()) {
                if (step.open() && step.shownOutcome == null) { // a running step's heading, before its output
                    printStep(step);
                    return;
                }
            }
            return;
        }
        if (rest.contains(before)) {
            printStep(before);
        }
        if (before == null || completed.contains(before)) {
            Step next = longestWaiting(rest, null);
            if (next != null) {
                printStep(next);
            }
            return;
        }
        Step waiting = longestWaiting(rest, before);
        if (waiting != null && (!waiting.waitingSince.plus(MAX_DELAY).isAfter(now)
                || !before.lastUpdate.plus(ANTI_FLICKER).isAfter(now))) {
            printStep(waiting);
        }
    }

    private Step longestWaiting(Iterable<Step> candidates, Step except) {
        Step longest = null;
        for (Step step : candidates) {
            if (step == except || !updated.contains(step)) {
                continue;
            }
            if (longest == null || step.waitingSince.isBefore(longest.waitingSince)
                    || (step.waitingSince.equals(longest.waitingSince) && step.index < longest.index)) {
                longest = step;
            }
        }
        return longest;
    }

    private void printStep(Step step) {
        if (step.rerunWithNothingNew()) {
            // BuildKit re-reports a finished step (a second run of "load remote build context", a cache check):
            // the CLI, reading in 100 ms batches, mostly shows it once; without anything new it is not shown again.
            updated.remove(step);
            step.waitingSince = null;
            return;
        }
        if (step != current) {
            if (current != null) {
                emit("#" + current.index + " ...");
            }
            if (printedAny) {
                emit("");
            }
            printedAny = true;
            emit("#" + step.index + " " + (step.vertex == null ? "" : step.vertex.name()));
            emit("#" + step.index + " " + (step.vertex == null ? "" : step.vertex.digest()));
        }
        for (String id : step.statusOrder) {
            if (step.statusUpdates.contains(id)) {
                printStatus(step, step.statuses.get(id));
            }
        }
        step.statusUpdates.clear();
        for (; step.warningsShown < step.warnings.size(); step.warningsShown++) {
            emit("#" + step.index + " WARN: " + step.warnings.get(step.warningsShown));
        }
        step.lines.forEach(this::emit);
        step.lines.clear();
        current = step;
        if (step.vertex != null && step.completed()) {
            current = null;
            flushPartial(step);
            step.shownOutcome = step.outcome();
            emit("#" + step.index + " " + step.shownOutcome);
        }
        updated.remove(step);
        step.waitingSince = null;
    }

    private void printStatus(Step step, BuildStatus.Status status) {
        LastStatus last = lastStatus.get(status.id());
        if (last != null && status.completed() == null) {
            double progressDelta = status.total() > 0
                    ? (double) (status.current() - last.current()) / status.total() : 0;
            Duration timeDelta = Duration.between(last.timestamp(), status.timestamp());
            if (progressDelta < MIN_PROGRESS_DELTA && timeDelta.compareTo(MIN_TIME_DELTA) < 0) {
                return;
            }
        }
        lastStatus.put(status.id(), new LastStatus(status.current(), status.timestamp()));
        String bytes = "";
        if (status.total() != 0) {
            bytes = " " + size(status.current()) + " / " + size(status.total());
        } else if (status.current() != 0) {
            bytes = " " + size(status.current());
        }
        String took = "";
        Instant end = status.completed() != null ? status.completed() : status.timestamp();
        if (status.started() != null) {
            double diff = seconds(Duration.between(status.started(), end));
            if (diff > 0.01) {
                took = " " + fixed(diff, 1) + "s";
            }
        }
        if (status.completed() != null) {
            took += " done";
        }
        emit("#" + step.index + " " + status.id() + bytes + took);
    }

    private void flushPartial(Step step) {
        if (step.partial != null) {
            emit(step.partialPrefix + step.partial.toString(StandardCharsets.UTF_8));
            step.partial = null;
        }
    }

    private void emit(String text) {
        for (String line : text.split("\n", -1)) {
            lines.accept(line);
        }
    }

    /** Bytes as BuildKit's {@code units.Bytes} prints them with {@code %.2f}: {@code 512B}, {@code 2.11MB}. */
    static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int unit = 0;
        double base = 1;
        while (unit < units.length - 1 && Math.abs((double) bytes) >= base * 1000) {
            base *= 1000;
            unit++;
        }
        return unit == 0 ? bytes + "B" : fixed(bytes / base, 2) + units[unit];
    }

    /** {@code %.Nf} as Go prints it: the double's exact value rounded half to even. */
    static String fixed(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }

    /** A log line's time: seconds since its step started, with fewer decimals as it grows, as the CLI prints it. */
    static String logTime(Duration sinceStart) {
        double seconds = Math.max(0, seconds(sinceStart));
        return fixed(seconds, seconds < 10 ? 3 : seconds < 100 ? 2 : 1);
    }

    private record LastStatus(long current, Instant timestamp) {
    }

    /** What the printer knows of one vertex. */
    private static final class Step {
        final int index;
        BuildStatus.Vertex vertex;
        BuildStatus.Vertex previous;
        final List<String> statusOrder = new ArrayList<>();
        final Map<String, BuildStatus.Status> statuses = new HashMap<>();
        final Set<String> statusUpdates = new LinkedHashSet<>();
        final List<String> warnings = new ArrayList<>();
        int warningsShown;
        /** Complete output lines, prefixed, not yet printed. */
        final List<String> lines = new ArrayList<>();
        /** The line being printed, until its newline comes. */
        ByteArrayOutputStream partial;
        String partialPrefix;
        Instant waitingSince;
        Instant lastUpdate;
        /** The last {@code CACHED}, {@code DONE 0.3s} or {@code ERROR: why} printed for the step. */
        String shownOutcome;

        Step(int index) {
            this.index = index;
        }

        String outcome() {
            if (!vertex.error().isEmpty()) {
                return vertex.error().endsWith(CANCELED) ? "CANCELED" : "ERROR: " + vertex.error();
            }
            if (vertex.cached()) {
                return "CACHED";
            }
            return "DONE" + (vertex.started() == null ? ""
                    : " " + fixed(seconds(Duration.between(vertex.started(), vertex.completed())), 1) + "s");
        }

        /** Shown finished before, and now only reopened or finished the same way again, with no output. */
        boolean rerunWithNothingNew() {
            boolean nothingNew = lines.isEmpty() && partial == null && statusUpdates.isEmpty()
                    && warningsShown == warnings.size();
            return shownOutcome != null && nothingNew && (!completed() || outcome().equals(shownOutcome));
        }

        boolean completed() {
            return vertex.completed() != null;
        }

        boolean open() {
            return vertex != null && vertex.started() != null && vertex.completed() == null;
        }

        void addLog(BuildStatus.Log log) {
            byte[] data = log.message();
            int start = 0;
            while (start < data.length) {
                int newline = start;
                while (newline < data.length && data[newline] != '\n') {
                    newline++;
                }
                if (partial == null) {
                    partial = new ByteArrayOutputStream();
                    Instant started = vertex == null ? null : vertex.started();
                    partialPrefix = "#" + index + " " + logTime(started == null ? Duration.ZERO
                            : Duration.between(started, log.timestamp())) + " ";
                }
                partial.write(data, start, newline - start);
                if (newline == data.length) {
                    return; // no newline yet: held until it comes
                }
                lines.add(partialPrefix + partial.toString(StandardCharsets.UTF_8));
                partial = null;
                start = newline + 1;
            }
        }
    }
}
