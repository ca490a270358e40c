package dev.ecsdeploy.image.engine.session;

import dev.ecsdeploy.util.Decision;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP/1.1 exchange that turns an engine connection into a session: {@code POST /session} asking to upgrade to
 * h2c, with the session's id, name, shared key and the gRPC methods it serves as {@code X-Docker-Expose-Session-*}
 * headers (the Engine API's {@code /session}; BuildKit's session manager reads them), and the engine's answer:
 * {@code 101 Switching Protocols}, after which the engine speaks HTTP/2 first.
 */
@Decision
final class SessionUpgrade {
    /** The most an answer's head may take before the connection is given up: the engine's is a few lines. */
    static final int MAX_HEAD = 16 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.[01] (\\d{3})(?: [^\\r\\n]*)?\\r\\n");
    private static final Pattern CONTENT_LENGTH =
            Pattern.compile("\\r\\ncontent-length:[ \\t]*(\\d{1,9})[ \\t]*\\r\\n");
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x21-\\x7e]+");

    private SessionUpgrade() {
    }

    /** The request's bytes. Every value is checked: a stray CR or LF would end the head early. */
    static byte[] request(String apiPrefix, String id, String name, String sharedKey, List<String> methods) {
        if (!apiPrefix.isEmpty() && !apiPrefix.matches("/v\\d+\\.\\d+")) {
            throw new IllegalArgumentException("an API prefix looks like /v1.41, not " + apiPrefix);
        }
        StringBuilder head = new StringBuilder()
                .append("POST ").append(apiPrefix).append("/session HTTP/1.1\r\n")
                .append("Host: docker\r\n")
                .append("User-Agent: ecs-deploy-action\r\n")
                .append("Content-Length: 0\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Upgrade: h2c\r\n");
        header(head, "X-Docker-Expose-Session-Uuid", id);
        header(head, "X-Docker-Expose-Session-Name", name);
        header(head, "X-Docker-Expose-Session-Sharedkey", sharedKey);
        for (String method : methods) {
            header(head, "X-Docker-Expose-Session-Grpc-Method", method);
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void header(StringBuilder head, String name, String value) {
        if (!HEADER_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be printable ASCII without spaces: " + value);
        }
        head.append(name).append(": ").append(value).append("\r\n");
    }

    /** Where the head ends (the index after its blank line) in the first {@code length} bytes, or -1 if not yet. */
    static int headEnd(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The status code of an answer's head; throws IllegalArgumentException when it is no HTTP/1.x status line. */
    static int status(String head) {
        Matcher matcher = STATUS_LINE.matcher(head);
        if (!matcher.find()) {
            String first = head.lines().findFirst().orElse("");
            throw new IllegalArgumentException("the engine did not answer in HTTP/1.1: "
                    + first.substring(0, Math.min(first.length(), 80)));
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The head's Content-Length, or -1 when it gives none. */
    static int contentLength(String head) {
        Matcher matcher = CONTENT_LENGTH.matcher(head.toLowerCase(Locale.ROOT));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    /**
     * Why an answer other than 101 refused the session, for an IOException's message: the engine's JSON
     * {@code message} when its body has one (e.g. "session ... already exists"), else the body's start.
     */
    static String refusal(int status, String body) {
        Matcher message = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
        String reason = message.find() ? message.group(1).replace("\\\"", "\"") : body.strip();
        if (reason.length() > 300) {
            reason = reason.substring(0, 300) + "...";
        }
        return "the engine refused the build session (POST /session answered " + status
                + (reason.isEmpty() ? "" : ": " + reason) + ")";
    }
}
