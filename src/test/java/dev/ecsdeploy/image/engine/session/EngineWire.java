package dev.ecsdeploy.image.engine.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's socket as the tests speak to it: a fresh connection for a session, and the smallest
 * {@code POST /build?version=2} (a tar context, the whole answer read to its end) for a build that names one. The
 * engine branch writes the product's build client; this is only what the session's tests need.
 */
final class EngineWire {
    static final String API = "/v1.41";
    static final Path SOCKET = Path.of(System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock")
            .replaceFirst("^unix://", ""));

    private EngineWire() {
    }

    /** A connected, blocking channel to the engine, as the engine branch hands one to {@link BuildSession#open}. */
    static SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(SOCKET));
        return channel;
    }

    /** What a build answered: the HTTP status, and the stream's error message (null when it ended without one). */
    record Build(int status, String error, String body) {
        boolean succeeded() {
            return status == 200 && error == null;
        }
    }

    /** Builds {@code dockerfile} (a context of that one file) with BuildKit, naming {@code sessionId} when not null. */
    static Build build(String dockerfile, String tag, String sessionId) throws IOException {
        byte[] context = tar(dockerfile);
        StringBuilder query = new StringBuilder("version=2&rm=1&forcerm=1&t=")
                .append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
        if (sessionId != null) {
            query.append("&session=").append(sessionId);
        }
        String head = "POST " + API + "/build?" + query + " HTTP/1.1\r\n"
                + "Host: docker\r\n"
                + "Content-Type: application/x-tar\r\n"
                + "Content-Length: " + context.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (SocketChannel channel = connect()) {
            write(channel, head.getBytes(StandardCharsets.US_ASCII));
            write(channel, context);
            byte[] answer = readAll(channel);
            return parse(answer);
        }
    }

    private static Build parse(byte[] answer) throws IOException {
        int headEnd = SessionUpgrade.headEnd(answer, answer.length);
        String head = new String(answer, 0, headEnd, StandardCharsets.ISO_8859_1);
        int status = SessionUpgrade.status(head);
        byte[] body = java.util.Arrays.copyOfRange(answer, headEnd, answer.length);
        if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String error = null;
        if (status != 200) {
            error = text;
        } else {
            try (MappingIterator<JsonNode> messages = new ObjectMapper().readerFor(JsonNode.class).readValues(text)) {
                while (messages.hasNext()) {
                    JsonNode message = messages.next();
                    if (message.has("errorDetail")) {
                        error = message.path("errorDetail").path("message").asText();
                    } else if (message.has("error")) {
                        error = message.path("error").asText();
                    }
                }
            }
        }
        return new Build(status, error, text);
    }

    /** HTTP/1.1 chunked transfer coding undone: hex size line, that many bytes, CRLF; a size of 0 ends it. */
    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = at;
            while (lineEnd + 1 < body.length && !(body[lineEnd] == '\r' && body[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeLine = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toByteArray();
    }

    /** A tar of one file, {@code Dockerfile}, made by tar(1) as the CLI's context would be. */
    private static byte[] tar(String dockerfile) throws IOException {
        Path dir = Files.createTempDirectory("session-context");
        try {
            Files.writeString(dir.resolve("Dockerfile"), dockerfile);
            Process tar = new ProcessBuilder(List.of("tar", "-C", dir.toString(), "-cf", "-", "Dockerfile"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] bytes;
            try (InputStream in = tar.getInputStream()) {
                bytes = in.readAllBytes();
            }
            if (tar.waitFor() != 0) {
                throw new IOException("tar failed");
            }
            return bytes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            List<Path> paths = new ArrayList<>();
            try (var walk = Files.walk(dir)) {
                walk.forEach(paths::add);
            }
            for (int i = paths.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(paths.get(i));
            }
        }
    }
}
