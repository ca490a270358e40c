package dev.ecsdeploy.image.engine.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
        return parse(buildAnswer(dockerfile, tag, sessionId));
    }

    /** The engine's whole answer to the build, head and body as they came. */
    static byte[] buildAnswer(String dockerfile, String tag, String sessionId) throws IOException {
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
            return readAll(channel);
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

    /**
     * A tar of one file, {@code Dockerfile}: one ustar header, the content padded to 512 bytes, two empty blocks. Made
     * here rather than by tar(1), which the image the probe runs in does not have.
     */
    static byte[] tar(String dockerfile) {
        byte[] content = dockerfile.getBytes(StandardCharsets.UTF_8);
        byte[] header = new byte[512];
        put(header, 0, "Dockerfile");
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, String.format("%011o", 0));
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[155] = ' ';
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512 + 1024]);
        return out.toByteArray();
    }

    /** ASCII into a header field, NUL-terminated by the zeros already there. */
    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
