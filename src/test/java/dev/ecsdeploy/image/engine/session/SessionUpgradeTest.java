package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP/1.1 upgrade that opens a session: the request's text, and reading the engine's answer. */
class SessionUpgradeTest {
    @Test
    void theRequestNamesTheSessionAndEveryMethodItServes() {
        String request = new String(SessionUpgrade.request("/v1.41", "abc123", "ecs-deploy-action", "abc123",
                List.of("/moby.filesync.v1.Auth/Credentials", "/grpc.health.v1.Health/Check")),
                StandardCharsets.US_ASCII);
        assertEquals("""
                POST /v1.41/session HTTP/1.1\r
                Host: docker\r
                User-Agent: ecs-deploy-action\r
                Content-Length: 0\r
                Connection: Upgrade\r
                Upgrade: h2c\r
                X-Docker-Expose-Session-Uuid: abc123\r
                X-Docker-Expose-Session-Name: ecs-deploy-action\r
                X-Docker-Expose-Session-Sharedkey: abc123\r
                X-Docker-Expose-Session-Grpc-Method: /moby.filesync.v1.Auth/Credentials\r
                X-Docker-Expose-Session-Grpc-Method: /grpc.health.v1.Health/Check\r
                \r
                """, request);
    }

    @Test
    void noApiPrefixAsksTheEnginesDefaultVersion() {
        String request = new String(SessionUpgrade.request("", "id", "n", "k", List.of()), StandardCharsets.US_ASCII);
        assertEquals("POST /session HTTP/1.1", request.lines().findFirst().orElseThrow());
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("a prefix that is no version", "/v1.41/x", "id", "an API prefix looks like /v1.41, not /v1.41/x"),
                Arguments.of("a prefix without its slash", "v1.41", "id", "an API prefix looks like /v1.41, not v1.41"),
                Arguments.of("a line break in a value", "/v1.41", "id\r\nX-Evil: 1",
                        "X-Docker-Expose-Session-Uuid must be printable ASCII without spaces: id\r\nX-Evil: 1"),
                Arguments.of("a space in a value", "/v1.41", "a b",
                        "X-Docker-Expose-Session-Uuid must be printable ASCII without spaces: a b"),
                Arguments.of("an empty value", "/v1.41", "",
                        "X-Docker-Expose-Session-Uuid must be printable ASCII without spaces: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesARequestThatWouldNotSayWhatItMeans(String name, String prefix, String id, String reason) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SessionUpgrade.request(prefix, id, "n", "k", List.of()));
        assertEquals(reason, refused.getMessage());
    }

    static Stream<Arguments> heads() {
        return Stream.of(
                Arguments.of("the engine's 101, HTTP/2 after it",
                        "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\nPRI *", 71),
                Arguments.of("not complete yet", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n", -1),
                Arguments.of("a bare LF blank line is not the end", "HTTP/1.1 101 OK\n\n", -1),
                Arguments.of("nothing", "", -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("heads")
    void findsWhereTheHeadEnds(String name, String text, int end) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(end, SessionUpgrade.headEnd(bytes, bytes.length));
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", 101),
                Arguments.of("HTTP/1.1 400 Bad Request\r\nContent-Length: 10\r\n\r\n", 400),
                Arguments.of("HTTP/1.0 404 Not Found\r\n\r\n", 404),
                Arguments.of("HTTP/1.1 500\r\n\r\n", 500));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("statuses")
    void readsTheStatusCode(String head, int status) {
        assertEquals(status, SessionUpgrade.status(head));
    }

    @Test
    void anAnswerInAnotherProtocolIsNamedByItsFirstLine() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SessionUpgrade.status("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
        assertEquals("the engine did not answer in HTTP/1.1: SSH-2.0-OpenSSH_9.2", refused.getMessage());
    }

    static Stream<Arguments> contentLengths() {
        return Stream.of(
                Arguments.of("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 67\r\n\r\n", 67),
                Arguments.of("HTTP/1.1 400 Bad Request\r\ncontent-length:5\r\n\r\n", 5),
                Arguments.of("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", -1),
                Arguments.of("HTTP/1.1 400 Bad Request\r\nX-Content-Length: 9\r\n\r\n", -1));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("contentLengths")
    void readsTheContentLength(String head, int length) {
        assertEquals(length, SessionUpgrade.contentLength(head));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("the engine's JSON message", 400,
                        "{\"message\":\"client version 9.99 is too new. Maximum supported API version is 1.41\"}\n",
                        "the engine refused the build session (POST /session answered 400: client version 9.99 is too"
                                + " new. Maximum supported API version is 1.41)"),
                Arguments.of("quotes inside the message", 500, "{\"message\":\"session \\\"x\\\" already exists\"}",
                        "the engine refused the build session (POST /session answered 500: session \"x\" already"
                                + " exists)"),
                Arguments.of("a body that is not JSON", 404, "page not found\n",
                        "the engine refused the build session (POST /session answered 404: page not found)"),
                Arguments.of("no body", 403, "", "the engine refused the build session (POST /session answered 403)"),
                Arguments.of("a long body, cut", 502, "x".repeat(400),
                        "the engine refused the build session (POST /session answered 502: " + "x".repeat(300)
                                + "...)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void namesWhyTheEngineRefused(String name, int status, String body, String message) {
        assertEquals(message, SessionUpgrade.refusal(status, body));
    }
}
