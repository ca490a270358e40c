package dev.ecsdeploy.image.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.image.PushResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Push streams from dockerd 20.10 (src/test/resources/engine-streams/push) rendered as {@code docker push} prints. */
class PushProgressTest {
    private static final String DIGEST = "sha256:7d1e042ebdde8179deebd63e24bdef46f33f31f6896d3f69a5df595359e625b4";

    @Test
    void aFirstPushShowsEachLayersChangesNotItsProgressAndTheDigestLine() {
        List<String> lines = render(StreamFixtures.messages("push/first"));

        assertEquals(List.of("The push refers to repository [127.0.0.1:5000/render-probe]",
                "5bf3a88188ab: Preparing", "adc59fca7814: Preparing", "935173e5266b: Preparing",
                "9173119060e3: Preparing", "65cdbdad9304: Preparing",
                "935173e5266b: Pushed", "adc59fca7814: Pushed", "9173119060e3: Pushed", "5bf3a88188ab: Pushed",
                "65cdbdad9304: Pushed",
                "ok: digest: " + DIGEST + " size: 1354"), lines);
        assertEquals(Optional.of(DIGEST), PushResults.digest(lines, "ok"));
    }

    @Test
    void aPushOfLayersTheRegistryHasReadsAsTheClisOutput() {
        List<String> lines = render(StreamFixtures.messages("push/again"));
        List<String> cli = StreamFixtures.cli("push/again");

        // The layers answer in parallel, so their order differs from run to run; the lines are the same.
        assertEquals(sorted(cli), sorted(lines));
        assertEquals(cli.getFirst(), lines.getFirst());
        assertEquals(cli.getLast(), lines.getLast());
        assertEquals(PushResults.digest(cli, "ok"), PushResults.digest(lines, "ok"));
    }

    @Test
    void aNewLayerAndAMountedOneShowTheirLastStatusLikeTheCli() {
        List<String> lines = render(StreamFixtures.messages("push/new-layer"));

        assertEquals(List.of("The push refers to repository [127.0.0.1:5000/render-push]", "dfa845f193fd: Preparing",
                "65cdbdad9304: Preparing", "65cdbdad9304: Layer already exists", "dfa845f193fd: Pushed",
                "api: digest: sha256:edba6c279296b1fcc5ab73ccd1d72d82a0b4ba590abd1668120583b76f7d69c6 size: 734"),
                lines);
        // The CLI's push of its own image: the same kinds of line, in the same places.
        assertEquals(shape(StreamFixtures.cli("push/new-layer")), shape(lines));
    }

    @Test
    void aRegistryThatDoesNotAnswerEndsWithTheErrorAsTheCliPrintsIt() {
        PushProgress progress = new PushProgress(line -> { });
        List<String> lines = new ArrayList<>();
        PushProgress rendering = new PushProgress(lines::add);
        StreamFixtures.messages("push/refused").forEach(message -> {
            progress.accept(message);
            rendering.accept(message);
        });

        assertEquals(StreamFixtures.cli("push/refused"), lines);
        assertEquals(PushResults.Failure.TRANSIENT, PushResults.classify(lines));
        assertEquals("Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused",
                progress.error());
    }

    @Test
    void aLayerWaitingRepeatedlyIsShownOnceAndEachRetryCountdownIsShown() {
        List<String> lines = render(json(
                "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
                "{\"status\":\"Waiting\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
                "{\"status\":\"Waiting\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
                "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,\"total\":900},"
                        + "\"progress\":\"[==>  ] 512B/900B\",\"id\":\"aaaaaaaaaaaa\"}",
                "{\"status\":\"Retrying in 2 seconds\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
                "{\"status\":\"Retrying in 1 second\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
                "{\"status\":\"Mounted from web\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
                "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
                "{\"progressDetail\":{},\"aux\":{\"Tag\":\"v1\",\"Digest\":\"sha256:x\",\"Size\":528}}"));

        assertEquals(List.of("aaaaaaaaaaaa: Preparing", "aaaaaaaaaaaa: Waiting", "aaaaaaaaaaaa: Retrying in 2 seconds",
                "aaaaaaaaaaaa: Retrying in 1 second", "bbbbbbbbbbbb: Mounted from web", "aaaaaaaaaaaa: Pushed"),
                lines);
    }

    @Test
    void aSuccessfulPushHasNoError() {
        PushProgress progress = new PushProgress(line -> { });
        StreamFixtures.messages("push/first").forEach(progress::accept);
        assertNull(progress.error());
    }

    private static List<String> render(List<JsonNode> messages) {
        List<String> lines = new ArrayList<>();
        PushProgress progress = new PushProgress(lines::add);
        messages.forEach(progress::accept);
        return lines;
    }

    private static List<JsonNode> json(String... messages) {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String message : messages) {
            try {
                nodes.add(mapper.readTree(message));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return nodes;
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    /** Each line with its layer id, repository, tag and digest blanked out. */
    private static List<String> shape(List<String> lines) {
        return lines.stream().map(line -> line.replaceAll("^[0-9a-f]{12}: ", "LAYER: ")
                .replaceAll("\\[.*]", "[REPOSITORY]").replaceAll("^\\S+: digest: sha256:[0-9a-f]{64}", "TAG: digest")
                .replaceAll("Mounted from .*|Layer already exists", "ALREADY THERE")).toList();
    }
}
