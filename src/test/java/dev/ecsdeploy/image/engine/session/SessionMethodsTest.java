package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ecsdeploy.image.engine.session.GrpcMessages.Answer;
import dev.ecsdeploy.image.engine.session.GrpcMessages.Status;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each method the engine may call answers, for the services' possible answers. */
class SessionMethodsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String HOST = "127.0.0.1:5000";
    /** CredentialsRequest{Host: 127.0.0.1:5000}. */
    private static final String HOST_REQUEST = "0a0e3132372e302e302e313a35303030";
    /** GetSecretRequest{ID: "token"}. */
    private static final String TOKEN_REQUEST = "0a05746f6b656e";

    /** A registry login for HOST and a secret "token"; "boom" hosts and ids throw with the secret in the message. */
    private static final SessionServices SERVICES = new SessionServices() {
        @Override
        public RegistryCredential credentials(String host) {
            if (host.equals("boom")) {
                throw new IllegalStateException("token hunter2 rejected");
            }
            return host.equals(HOST) ? new RegistryCredential("AWS", "hunter2") : null;
        }

        @Override
        public byte[] secret(String id) {
            if (id.equals("boom")) {
                throw new IllegalStateException("value hunter2 unreadable");
            }
            return id.equals("token") ? "hunter2".getBytes(StandardCharsets.UTF_8) : null;
        }
    };

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("credentials for a known host", SessionMethods.CREDENTIALS, HOST_REQUEST,
                        Status.OK, "0a03415753" + "120768756e74657232", ""),
                Arguments.of("no credentials: the empty response, anonymous", SessionMethods.CREDENTIALS,
                        "0a0a6f746865723a35303030", Status.OK, "", ""),
                Arguments.of("credentials that fail: INTERNAL without the exception's message",
                        SessionMethods.CREDENTIALS, "0a04626f6f6d", Status.INTERNAL, "",
                        "no credentials for boom: IllegalStateException"),
                Arguments.of("a known secret", SessionMethods.GET_SECRET, TOKEN_REQUEST, Status.OK,
                        "0a0768756e74657232", ""),
                Arguments.of("an unknown secret: NOT_FOUND, which BuildKit reports as not found",
                        SessionMethods.GET_SECRET, "0a046e6f7065", Status.NOT_FOUND, "", "no build secret nope"),
                Arguments.of("a secret that fails: INTERNAL without the exception's message",
                        SessionMethods.GET_SECRET, "0a04626f6f6d", Status.INTERNAL, "",
                        "secret boom could not be read: IllegalStateException"),
                Arguments.of("health: SERVING", SessionMethods.HEALTH_CHECK, "", Status.OK, "0801", ""),
                Arguments.of("FetchToken: BuildKit only calls it after a token authority, which is never given",
                        "/moby.filesync.v1.Auth/FetchToken", "", Status.UNIMPLEMENTED, "",
                        "unknown method /moby.filesync.v1.Auth/FetchToken"),
                Arguments.of("GetTokenAuthority: UNIMPLEMENTED sends BuildKit to Credentials",
                        "/moby.filesync.v1.Auth/GetTokenAuthority", HOST_REQUEST, Status.UNIMPLEMENTED, "",
                        "unknown method /moby.filesync.v1.Auth/GetTokenAuthority"),
                Arguments.of("VerifyTokenAuthority", "/moby.filesync.v1.Auth/VerifyTokenAuthority", "",
                        Status.UNIMPLEMENTED, "", "unknown method /moby.filesync.v1.Auth/VerifyTokenAuthority"),
                Arguments.of("file sync: no local context is served", "/moby.filesync.v1.FileSync/DiffCopy", "",
                        Status.UNIMPLEMENTED, "", "unknown method /moby.filesync.v1.FileSync/DiffCopy"),
                Arguments.of("a malformed request", SessionMethods.GET_SECRET, "0a09", Status.INVALID_ARGUMENT, "",
                        "malformed request: field runs past the message's end"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void answers(String name, String path, String request, Status status, String message, String description) {
        Answer answer = SessionMethods.answer(path, HEX.parseHex(request), SERVICES);
        assertEquals(status, answer.status());
        assertEquals(message, HEX.formatHex(answer.message()));
        assertEquals(description, answer.description());
        if (status != Status.OK) {
            assertFalse(answer.description().contains("hunter2"), answer.description());
        }
    }
}
