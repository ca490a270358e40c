package dev.ecsdeploy.image.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.image.BuildFailure;
import dev.ecsdeploy.image.PushResults;
import dev.ecsdeploy.testing.DockerEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three pieces together on the real engine, live: a context written by {@link ContextArchive} is posted to
 * {@code /build}, its stream rendered by {@link BuildProgress} as it arrives, the image pushed through
 * {@code /images/{name}/push} to the loopback registry and that stream rendered by {@link PushProgress}; what the
 * image parsers read from the lines is checked against the engine and the registry. (The Engine API client here is a
 * test's: the product's is another branch's.)
 */
class EngineRoundTripTest {
    private static final String SOCKET = "/var/run/docker.sock";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aBuildAndPushReadAsTheCliWouldHaveThemAndTheDigestIsTheRegistrys() throws IOException {
        DockerEngine.require();
        DockerEngine.busyboxBase();
        String key = "rt" + UUID.randomUUID().toString().substring(0, 8);
        Path context = Files.createDirectories(temp.resolve("app"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\nCOPY . /app\n"
                + "RUN echo \"built " + key + "\" && ls /app\n");
        Files.writeString(context.resolve("index.txt"), key + "\n");
        Files.writeString(context.resolve("local.env"), "SECRET=left-out\n");
        Files.writeString(context.resolve(".dockerignore"), "*.env\n");
        String repository = DockerEngine.REGISTRY + "/render-roundtrip";

        List<String> built = new ArrayList<>();
        BuildProgress build = new BuildProgress(built::add);
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        String dockerfile = ContextArchive.write(context, context.resolve("Dockerfile"), archive);
        post("/v1.41/build?version=2&dockerfile=" + encode(dockerfile) + "&t=" + encode(repository + ":" + key),
                archive.toByteArray(), "application/x-tar", build::accept);
        build.finish();

        String text = String.join("\n", built);
        assertNull(build.error(), text);
        assertTrue(text.matches("(?s).*#\\d+ \\[3/3] RUN echo \"built " + key + "\" && ls /app\n#\\d+ sha256:[0-9a-f]{64}"
                + "\n#\\d+ \\d\\.\\d{3} built " + key + "\n.*"), text);
        assertTrue(text.contains(" index.txt\n") && !text.contains("local.env"), "ls /app: " + text);
        assertEquals(DockerEngine.docker("image", "inspect", "--format", "{{.Id}}", repository + ":" + key).output()
                .strip(), build.imageId());

        List<String> pushed = new ArrayList<>();
        PushProgress push = new PushProgress(pushed::add);
        post("/v1.41/images/" + encode(repository) + "/push?tag=" + encode(key), new byte[0], null, push::accept);

        assertNull(push.error(), String.join("\n", pushed));
        Optional<String> digest = PushResults.digest(pushed, key);
        assertTrue(digest.isPresent(), String.join("\n", pushed));
        assertEquals(DockerEngine.registryDigest("render-roundtrip", key), digest.get());
        DockerEngine.docker("rmi", repository + ":" + key);
    }

    @Test
    void aFailedBuildReadsToBuildFailureAsTheCliOutputDoes() throws IOException {
        DockerEngine.require();
        DockerEngine.busyboxBase();
        String key = "rt" + UUID.randomUUID().toString().substring(0, 8);
        Path context = Files.createDirectories(temp.resolve("broken"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN echo \"compiling " + key + "\" && echo 'src/x.js:1: error' >&2 && exit 4\n");

        List<String> lines = new ArrayList<>();
        BuildProgress build = new BuildProgress(lines::add);
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        ContextArchive.write(context, null, archive);
        post("/v1.41/build?version=2", archive.toByteArray(), "application/x-tar", build::accept);
        build.finish();

        BuildFailure failure = BuildFailure.explain(lines);
        assertEquals("[2/2] RUN echo \"compiling " + key + "\" && echo 'src/x.js:1: error' >&2 && exit 4",
                failure.step(), String.join("\n", lines));
        // stdout and stderr reach BuildKit through two pipes, so which of the two lines it logs first is a race.
        assertEquals(Set.of("compiling " + key, "src/x.js:1: error"), Set.copyOf(failure.output()));
        assertEquals(2, failure.output().size(), failure.output()::toString);
        assertTrue(failure.message().contains("the command exited with code 4"), failure.message());
        assertNotNull(build.error());
        assertEquals(build.error(), lines.getLast());
    }

    /** One request on the engine's socket; the answer's JSON messages to {@code messages} as they come. */
    private static void post(String target, byte[] body, String contentType, Consumer<JsonNode> messages)
            throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(SOCKET));
            StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: docker\r\n"
                    + "Connection: close\r\nX-Registry-Auth: e30=\r\nContent-Length: " + body.length + "\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            var out = Channels.newOutputStream(channel);
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = Channels.newInputStream(channel);
            String status = line(in);
            assertTrue(status.startsWith("HTTP/1.1 200"), status);
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                chunked |= header.toLowerCase(java.util.Locale.ROOT).matches("transfer-encoding:\\s*chunked");
            }
            InputStream content = chunked ? new Chunked(in) : in;
            try (MappingIterator<JsonNode> each = JSON.readerFor(JsonNode.class).readValues(content)) {
                while (each.hasNext()) {
                    messages.accept(each.next());
                }
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** HTTP/1.1 chunked transfer coding, undone. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in).split(";")[0].strip();
                while (size.isEmpty()) {
                    size = line(in).split(";")[0].strip();
                }
                left = Long.parseLong(size, 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read == -1) {
                throw new IOException("the engine closed the stream inside a chunk");
            }
            left -= read;
            return read;
        }
    }
}
