package dev.ecsdeploy.image.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.image.BuildFailure;
import dev.ecsdeploy.image.CacheImportLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The build stream rendered as {@code docker build --progress=plain} prints it: real streams from dockerd 20.10 held
 * against what the 20.10 CLI printed for the same builds (src/test/resources/engine-streams), then the printer's rules
 * one by one on streams made here.
 */
class BuildProgressTest {
    /** Steps that differ only because the CLI sends its context through a session and the stream's came as a tar. */
    private static final Set<String> CONTEXT_TRANSFER_STEPS = Set.of("[internal] load build definition from Dockerfile",
            "[internal] load .dockerignore", "[internal] load build context", "[internal] load remote build context",
            "copy /context /");

    // ---- real streams against the CLI

    @ParameterizedTest
    @ValueSource(strings = {"ok", "cached", "broken", "syntax", "cachefrom", "parallel"})
    void theDockerfilesStepsAreNamedAndEndAsTheCliShowsThem(String build) {
        Summary rendered = Summary.of(StreamFixtures.renderBuild(build));
        Summary cli = Summary.of(StreamFixtures.cli("build/" + build));

        assertEquals(cli.steps(), rendered.steps(), "step names");
        for (String step : cli.steps()) {
            assertEquals(cli.errors(step), rendered.errors(step), "ERROR lines of " + step);
            assertTrue(rendered.outcomes.containsKey(step), step + " never ended");
            // The CLI ran each build after the stream's, so a step the stream ran may be CACHED for the CLI.
            if (cli.outcomes.get(step).equals(rendered.outcomes.get(step))) {
                assertEquals(cli.output.get(step), rendered.output.get(step), "output of " + step);
            }
        }
    }

    @Test
    void parallelStagesTakeTurnsAsInTheClisOutput() {
        List<String> lines = StreamFixtures.renderBuild("parallel");
        List<String> cli = StreamFixtures.cli("build/parallel");
        // Both show the right stage's first four lines, leave it for the copy of the left stage, and come back to it.
        for (List<String> shown : List.of(lines, cli)) {
            String text = String.join("\n", shown).replaceAll("#\\d+ ", "#N ").replaceAll("\\d+\\.\\d{3} ", "");
            assertTrue(text.contains("#N right 4 rk1796347263\n#N ...\n\n#N [stage-2 2/4] COPY --from=left /left.txt /"
                    + "\n#N sha256:"), text);
            assertTrue(text.matches("(?s).*#N DONE 0.0s\n\n#N \\[right 2/2] RUN [^\n]*\n#N sha256:[0-9a-f]{64}\n"
                    + "#N right 5 rk1796347263\n.*"), text);
        }
    }

    @Test
    void aCachedRebuildShowsEveryStepCachedAsTheCliDoes() {
        Summary rendered = Summary.of(StreamFixtures.renderBuild("cached"));
        Summary cli = Summary.of(StreamFixtures.cli("build/cached"));

        for (String step : cli.steps()) {
            if (step.startsWith("[") && step.contains("/5] ") && !step.contains("FROM")) {
                assertEquals("CACHED", cli.outcomes.get(step), step);
                assertEquals("CACHED", rendered.outcomes.get(step), step);
            }
        }
    }

    @Test
    void aFreshBuildShowsOutputWithTimesAndDoneWithItsDuration() {
        List<String> lines = StreamFixtures.renderBuild("ok");
        assertEquals(Summary.of(StreamFixtures.cli("build/ok")).output(), Summary.of(lines).output());

        int heading = lines.indexOf("#8 [5/5] RUN printf 'partial ' && sleep 1 && echo 'line done' && echo second line"
                + " && echo third line");
        assertTrue(heading > 0, String.join("\n", lines));
        assertEquals("", lines.get(heading - 1), "a blank line between steps");
        assertTrue(lines.get(heading + 1).matches("#8 sha256:[0-9a-f]{64}"), lines.get(heading + 1));
        // The partial "partial " came 1 s before the rest of its line: one line, at the time it started.
        assertEquals(List.of("#8 0.174 partial line done", "#8 1.177 second line", "#8 1.177 third line",
                "#8 DONE 1.2s"), lines.subList(heading + 2, heading + 6));
        assertTrue(lines.contains("#9 naming to docker.io/library/render-probe:ok done"), String.join("\n", lines));
        assertFalse(lines.stream().anyMatch(line -> line.contains("Successfully tagged")), "the CLI discards stream");
    }

    @Test
    void aFailedRunReadsTheSameToBuildFailureAsTheCliOutput() {
        BuildProgress progress = new BuildProgress(line -> { });
        StreamFixtures.messages("build/broken").forEach(progress::accept);
        List<String> rendered = StreamFixtures.renderBuild("broken");

        BuildFailure fromStream = BuildFailure.explain(rendered);
        BuildFailure fromCli = BuildFailure.explain(StreamFixtures.cli("build/broken"));
        assertEquals(fromCli, fromStream);
        assertEquals(List.of("compiling web1 rk1796347263", "src/index.js:3: SyntaxError: Unexpected token '}'"),
                fromStream.output());
        assertTrue(fromStream.message().contains("the command exited with code 3"), fromStream.message());
        assertEquals(fromCli.error(), progress.error());
        assertNull(progress.imageId());
        // The CLI's closing block, then the error as its last line.
        assertEquals(StreamFixtures.cli("build/broken").subList(StreamFixtures.cli("build/broken").size() - 4,
                StreamFixtures.cli("build/broken").size()), rendered.subList(rendered.size() - 4, rendered.size()));
    }

    @Test
    void aDockerfileSyntaxErrorHasNoStepAndTheEnginesErrorLast() {
        BuildFailure fromStream = BuildFailure.explain(StreamFixtures.renderBuild("syntax"));

        assertEquals(BuildFailure.explain(StreamFixtures.cli("build/syntax")), fromStream);
        assertNull(fromStream.step());
        assertEquals("failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse"
                + " error line 2: unknown instruction: RUNN", fromStream.error());
    }

    @Test
    void aCacheThatIsNotThereReadsTheSameToCacheImportLog() {
        CacheImportLog fromStream = new CacheImportLog();
        StreamFixtures.renderBuild("cachefrom").forEach(fromStream);
        CacheImportLog fromCli = new CacheImportLog();
        StreamFixtures.cli("build/cachefrom").forEach(fromCli);

        assertEquals(Map.of("127.0.0.1:5000/nope:1", "127.0.0.1:5000/nope:1: not found"), fromStream.unreadable());
        assertEquals(fromCli.unreadable(), fromStream.unreadable());
    }

    @Test
    void theImageIdComesFromItsAuxMessage() {
        BuildProgress progress = new BuildProgress(line -> { });
        StreamFixtures.messages("build/ok").forEach(progress::accept);
        progress.finish();

        assertEquals("sha256:187c47a10b5f357b4f4d8d744f7d3ce55c1dfd4bfbad3d7c74e49431faebedf3", progress.imageId());
        assertNull(progress.error());
    }

    // ---- the printer's rules, on streams made here

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void stepsAreNumberedInTheOrderTheStreamFirstNamesThem() {
        List<String> lines = render(
                trace(vertex("sha256:b", "[2/2] RUN b", null, null), vertex("sha256:a", "[1/2] FROM a", null, null)),
                trace(vertex("sha256:a", "[1/2] FROM a", at(0), at(100))),
                trace(vertex("sha256:b", "[2/2] RUN b", at(100), at(400))));

        assertEquals(List.of("#2 [1/2] FROM a", "#2 sha256:a", "#2 DONE 0.1s", "", "#1 [2/2] RUN b", "#1 sha256:b",
                "#1 DONE 0.3s"), lines);
    }

    @Test
    void aStepThatNeverStartedIsNotShown() {
        List<String> lines = render(trace(vertex("sha256:a", "[1/1] RUN a", null, null)));
        assertEquals(List.of(), lines);
    }

    @Test
    void aLineCutAcrossMessagesIsHeldUntilItsNewlineEvenInsideAUtf8Character() {
        byte[] text = "prêt\n".getBytes(StandardCharsets.UTF_8); // ê is two bytes: cut between them
        List<String> lines = render(
                trace(vertex("sha256:a", "[1/1] RUN a", at(0), null)),
                trace(log("sha256:a", at(250), java.util.Arrays.copyOfRange(text, 0, 3))),
                trace(log("sha256:a", at(1250), java.util.Arrays.copyOfRange(text, 3, text.length))),
                trace(log("sha256:a", at(1300), "two\n\nlines\n".getBytes(StandardCharsets.UTF_8))),
                trace(vertex("sha256:a", "[1/1] RUN a", at(0), at(1400))));

        assertEquals(List.of("#1 [1/1] RUN a", "#1 sha256:a", "#1 0.250 prêt", "#1 1.300 two", "#1 1.300 ",
                "#1 1.300 lines", "#1 DONE 1.4s"), lines);
    }

    @Test
    void aLineNeverEndedIsShownWhenItsStepEndsOrTheStreamDoes() {
        List<String> ended = render(trace(vertex("sha256:a", "[1/1] RUN a", at(0), null)),
                trace(log("sha256:a", at(10), "Downloading...".getBytes(StandardCharsets.UTF_8))),
                trace(vertex("sha256:a", "[1/1] RUN a", at(0), at(20))));
        assertEquals(List.of("#1 [1/1] RUN a", "#1 sha256:a", "#1 0.010 Downloading...", "#1 DONE 0.0s"), ended);

        List<String> cut = render(trace(vertex("sha256:a", "[1/1] RUN a", at(0), null)),
                trace(log("sha256:a", at(10), "Downloading...".getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of("#1 [1/1] RUN a", "#1 sha256:a", "#1 0.010 Downloading..."), cut);
    }

    @Test
    void parallelStepsTakeTurnsOnceTheShownOneIsQuietForFiveSeconds() {
        List<String> lines = render(
                trace(vertex("sha256:a", "[a 1/1] RUN a", at(0), null), vertex("sha256:b", "[b 1/1] RUN b", at(0),
                        null)),
                trace(log("sha256:a", at(1000), "a1\n".getBytes(StandardCharsets.UTF_8)),
                        log("sha256:b", at(1000), "b1\n".getBytes(StandardCharsets.UTF_8))),
                trace(log("sha256:b", at(3000), "b2\n".getBytes(StandardCharsets.UTF_8))),
                trace(log("sha256:b", at(7000), "b3\n".getBytes(StandardCharsets.UTF_8))),
                trace(vertex("sha256:a", "[a 1/1] RUN a", at(0), at(8000))),
                trace(vertex("sha256:b", "[b 1/1] RUN b", at(0), at(9000))));

        assertEquals(List.of("#1 [a 1/1] RUN a", "#1 sha256:a", "#1 1.000 a1",
                "#1 ...", "", "#2 [b 1/1] RUN b", "#2 sha256:b", "#2 1.000 b1", "#2 3.000 b2", "#2 7.000 b3",
                "#2 ...", "", "#1 [a 1/1] RUN a", "#1 sha256:a", "#1 DONE 8.0s",
                "", "#2 [b 1/1] RUN b", "#2 sha256:b", "#2 DONE 9.0s"), lines);
    }

    @Test
    void statusLinesShowSizesTimesAndSkipSmallStepsOfProgress() {
        String layer = "sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1";
        List<String> lines = render(
                trace(vertex("sha256:a", "[1/2] FROM x", at(0), null)),
                trace(status("sha256:a", layer, 0, 2_110_000, at(100), at(100), null)),
                trace(status("sha256:a", layer, 21_100, 2_110_000, at(200), at(100), null)),   // 1 %, 0.1 s: skipped
                trace(status("sha256:a", layer, 1_050_000, 2_110_000, at(300), at(100), null)),
                trace(status("sha256:a", layer, 2_110_000, 2_110_000, at(400), at(100), at(400))),
                trace(status("sha256:a", "extracting " + layer, 0, 0, at(450), at(400), at(450))),
                trace(status("sha256:a", "transferring context:", 34, 0, at(460), at(460), at(460))),
                trace(vertex("sha256:a", "[1/2] FROM x", at(0), at(500))));

        assertEquals(List.of("#1 [1/2] FROM x", "#1 sha256:a",
                "#1 " + layer + " 0B / 2.11MB",
                "#1 " + layer + " 1.05MB / 2.11MB 0.2s",
                "#1 " + layer + " 2.11MB / 2.11MB 0.3s done",
                "#1 extracting " + layer + " 0.1s done",
                "#1 transferring context: 34B done",
                "#1 DONE 0.5s"), lines);
    }

    @ParameterizedTest
    @CsvSource({"0, 0B", "999, 999B", "1000, 1.00kB", "1234, 1.23kB", "1005, 1.00kB", "2110000, 2.11MB",
            "1999999999, 2.00GB", "-5, -5B"})
    void sizesAsBuildKitsUnitsPrintThem(long bytes, String shown) {
        assertEquals(shown, BuildProgress.size(bytes));
    }

    @ParameterizedTest
    @CsvSource({"0, 0.000", "123, 0.123", "9999, 9.999", "12346, 12.35", "123450, 123.5", "-5, 0.000"})
    void logTimesHaveFewerDecimalsAsTheyGrow(long millis, String shown) {
        assertEquals(shown, BuildProgress.logTime(Duration.ofMillis(millis)));
    }

    @Test
    void warningsCancelledStepsAndAMultiLineErrorReadAsTheCliPrintsThem() {
        List<String> lines = new ArrayList<>();
        BuildProgress progress = new BuildProgress(lines::add);
        for (JsonNode message : List.of(
                trace(vertex("sha256:a", "[1/2] RUN a", at(0), null)),
                trace(warning("sha256:a", "FromAsCasing: 'as' and 'FROM' keywords' casing do not match")),
                trace(vertexWithError("sha256:a", "[1/2] RUN a", at(0), at(300), "exit code: 1")),
                trace(vertexWithError("sha256:b", "[2/2] RUN b", at(0), at(300), "context canceled")))) {
            progress.accept(message);
        }
        progress.accept(error("failed to solve: exit code: 1\nsecond line"));
        progress.finish(); // once more: nothing twice

        assertEquals(List.of("#1 [1/2] RUN a", "#1 sha256:a", "#1 WARN: FromAsCasing: 'as' and 'FROM' keywords'"
                + " casing do not match", "#1 ERROR: exit code: 1", "", "#2 [2/2] RUN b", "#2 sha256:b",
                "#2 CANCELED", "------", " > [1/2] RUN a:", "------", "failed to solve: exit code: 1", "second line"),
                lines);
        assertEquals("failed to solve: exit code: 1\nsecond line", progress.error());
    }

    @Test
    void whatIsNotAStatusResponseIsSkippedAndUnknownFieldsAreIgnored() {
        ObjectNode garbage = JsonNodeFactory.instance.objectNode().put("id", "moby.buildkit.trace")
                .put("aux", Base64.getEncoder().encodeToString(new byte[] {0x0a, 0x7f, 0x01}));
        ObjectNode notBase64 = JsonNodeFactory.instance.objectNode().put("id", "moby.buildkit.trace")
                .put("aux", "%%%");
        Proto future = new Proto().message(1, new Proto().string(1, "sha256:a").string(3, "[1/1] RUN a")
                        .message(5, timestamp(at(0))).message(6, timestamp(at(100)))
                        .message(8, new Proto().string(1, "group").varint(3, 1))) // progressGroup, not read
                .varint(9, 42).fixed64(10).fixed32(11); // fields a later BuildKit may add
        List<String> lines = render(garbage, notBase64, message(future),
                JsonNodeFactory.instance.objectNode().put("stream", "Successfully tagged x:1\n"));

        assertEquals(List.of("#1 [1/1] RUN a", "#1 sha256:a", "#1 DONE 0.1s"), lines);
    }

    @Test
    void aFinishedStepReportedAgainWithNothingNewIsNotShownTwice() {
        List<String> lines = render(
                trace(vertex("sha256:a", "[internal] load remote build context", at(0), at(6))),
                trace(vertex("sha256:a", "[internal] load remote build context", at(7), null)),
                trace(vertex("sha256:a", "[internal] load remote build context", at(7), at(8))));
        assertEquals(List.of("#1 [internal] load remote build context", "#1 sha256:a", "#1 DONE 0.0s"), lines);
    }

    // ---- the summary the real-stream tests compare

    /** Per step name (as numbers differ): its output without times, its ending lines. */
    private record Summary(Map<String, List<String>> output, Map<String, String> outcomes,
                           Map<String, List<String>> errorLines) {
        private static final Pattern STEP_LINE = Pattern.compile("^#(\\d+) (.*)$");
        private static final Pattern TIMED = Pattern.compile("^\\d+\\.\\d+ (.*)$");

        static Summary of(List<String> lines) {
            Map<String, String> names = new LinkedHashMap<>();
            Map<String, List<String>> output = new TreeMap<>();
            Map<String, String> outcomes = new TreeMap<>();
            Map<String, List<String>> errors = new TreeMap<>();
            for (String line : lines) {
                Matcher step = STEP_LINE.matcher(line);
                if (!step.matches()) {
                    continue;
                }
                String rest = step.group(2);
                String name = names.get(step.group(1));
                if (name == null) {
                    names.put(step.group(1), rest);
                    if (!CONTEXT_TRANSFER_STEPS.contains(rest)) {
                        output.put(rest, new ArrayList<>());
                    }
                    continue;
                }
                if (CONTEXT_TRANSFER_STEPS.contains(name)) {
                    continue;
                }
                Matcher timed = TIMED.matcher(rest);
                if (timed.matches()) {
                    output.get(name).add(timed.group(1));
                } else if (rest.equals("CACHED") || rest.startsWith("DONE") || rest.startsWith("ERROR: ")) {
                    outcomes.put(name, rest.startsWith("DONE") ? "DONE" : rest);
                    if (rest.startsWith("ERROR: ")) {
                        errors.computeIfAbsent(name, key -> new ArrayList<>()).add(rest);
                    }
                }
            }
            return new Summary(output, outcomes, errors);
        }

        List<String> steps() {
            return List.copyOf(output.keySet());
        }

        List<String> errors(String step) {
            return errorLines.getOrDefault(step, List.of());
        }
    }

    // ---- making streams: StatusResponse in protobuf wire format, field numbers from BuildKit's control.proto

    private static Instant at(long millis) {
        return millis < 0 ? null : T0.plusMillis(millis);
    }

    private static List<String> render(JsonNode... messages) {
        List<String> lines = new ArrayList<>();
        BuildProgress progress = new BuildProgress(lines::add);
        for (JsonNode message : messages) {
            progress.accept(message);
        }
        progress.finish();
        return lines;
    }

    private static JsonNode trace(Proto... parts) {
        Proto response = new Proto();
        for (Proto part : parts) {
            response.raw(part.bytes());
        }
        return message(response);
    }

    private static JsonNode message(Proto response) {
        return JsonNodeFactory.instance.objectNode().put("id", "moby.buildkit.trace")
                .put("aux", Base64.getEncoder().encodeToString(response.bytes()));
    }

    private static JsonNode error(String message) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("error", message);
        node.putObject("errorDetail").put("message", message);
        return node;
    }

    private static Proto vertex(String digest, String name, Instant started, Instant completed) {
        return vertexWithError(digest, name, started, completed, "");
    }

    private static Proto vertexWithError(String digest, String name, Instant started, Instant completed,
                                         String error) {
        Proto vertex = new Proto().string(1, digest).string(3, name);
        if (started != null) {
            vertex.message(5, timestamp(started));
        }
        if (completed != null) {
            vertex.message(6, timestamp(completed));
        }
        if (!error.isEmpty()) {
            vertex.string(7, error);
        }
        return new Proto().message(1, vertex);
    }

    private static Proto status(String vertex, String id, long current, long total, Instant timestamp,
                                Instant started, Instant completed) {
        Proto status = new Proto().string(1, id).string(2, vertex).varint(4, current).varint(5, total)
                .message(6, timestamp(timestamp));
        if (started != null) {
            status.message(7, timestamp(started));
        }
        if (completed != null) {
            status.message(8, timestamp(completed));
        }
        return new Proto().message(2, status);
    }

    private static Proto log(String vertex, Instant timestamp, byte[] data) {
        return new Proto().message(3, new Proto().string(1, vertex).message(2, timestamp(timestamp)).varint(3, 1)
                .bytes(4, data));
    }

    private static Proto warning(String vertex, String text) {
        return new Proto().message(4, new Proto().string(1, vertex).varint(2, 1)
                .bytes(3, text.getBytes(StandardCharsets.UTF_8)).bytes(4, "detail".getBytes(StandardCharsets.UTF_8)));
    }

    private static Proto timestamp(Instant time) {
        return new Proto().varint(1, time.getEpochSecond()).varint(2, time.getNano());
    }

    /** A protobuf message being written: just the field kinds StatusResponse uses. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            rawVarint((long) field << 3);
            rawVarint(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto bytes(int field, byte[] value) {
            rawVarint((long) field << 3 | 2);
            rawVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.bytes());
        }

        Proto fixed64(int field) {
            rawVarint((long) field << 3 | 1);
            out.writeBytes(new byte[8]);
            return this;
        }

        Proto fixed32(int field) {
            rawVarint((long) field << 3 | 5);
            out.writeBytes(new byte[4]);
            return this;
        }

        Proto raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void rawVarint(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) (value & 0x7f) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
