package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The session's protobuf messages, byte for byte as protoc's encoders write them and its parsers read them. */
class SessionMessagesTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> credentialsRequests() {
        return Stream.of(
                Arguments.of("just the host", "0a0e3132372e302e302e313a35303030", "127.0.0.1:5000"),
                Arguments.of("empty: proto3's default", "", ""),
                Arguments.of("an ECR host",
                        "0a2c3132333435363738393031322e646b722e6563722e75732d656173742d312e616d617a6f6e6177732e636f6d",
                        "123456789012.dkr.ecr.us-east-1.amazonaws.com"),
                Arguments.of("unknown fields of every wire type skipped (varint, fixed32, fixed64, bytes)",
                        "189601" + "2501020304" + "290102030405060708" + "3203616263" + "0a046f6e6c79", "only"),
                Arguments.of("a repeated field: the last value wins", "0a0161" + "0a0162", "b"),
                Arguments.of("a multi-byte length", "0a80" + "01" + "61".repeat(128), "a".repeat(128)),
                Arguments.of("UTF-8", "0a04c3a9c3a9", "éé"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentialsRequests")
    void readsTheHostOfACredentialsRequest(String name, String hex, String host) {
        assertEquals(host, SessionMessages.credentialsRequestHost(HEX.parseHex(hex)));
    }

    static Stream<Arguments> secretRequests() {
        return Stream.of(
                Arguments.of("the id alone", "0a05746f6b656e", "token"),
                // GetSecretRequest.annotations is a map<string,string>: entries are field 2, each a key/value message.
                Arguments.of("annotations after the id", "0a05746f6b656e" + "120a0a036b65791203766c75", "token"),
                Arguments.of("annotations before the id", "120a0a036b65791203766c75" + "0a026e70", "np"),
                Arguments.of("no id", "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretRequests")
    void readsTheIdOfASecretRequest(String name, String hex, String id) {
        assertEquals(id, SessionMessages.secretRequestId(HEX.parseHex(hex)));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a key with nothing after it", "0a", "varint runs past the message's end"),
                Arguments.of("a length past the end", "0a05616263", "field runs past the message's end"),
                Arguments.of("a varint that never ends", "10" + "ff".repeat(10), "varint longer than 10 bytes"),
                Arguments.of("a truncated varint", "10ff", "varint runs past the message's end"),
                Arguments.of("a truncated fixed64", "11010203", "field runs past the message's end"),
                Arguments.of("a group (wire type 3)", "13", "unsupported wire type 3"),
                Arguments.of("field number 0", "0200", "field number 0"),
                Arguments.of("the host field as a varint", "0801", "field 1 has wire type 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesAMalformedMessage(String name, String hex, String reason) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SessionMessages.credentialsRequestHost(HEX.parseHex(hex)));
        assertEquals(reason, refused.getMessage());
    }

    static Stream<Arguments> credentialsResponses() {
        return Stream.of(
                Arguments.of("user and password", "AWS", "tok", "0a03415753" + "1203746f6b"),
                Arguments.of("anonymous: the empty message", null, null, ""),
                Arguments.of("an identity token: no user name", "", "token", "1205746f6b656e"),
                Arguments.of("a user without a secret", "me", "", "0a026d65"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentialsResponses")
    void writesACredentialsResponse(String name, String username, String secret, String hex) {
        assertEquals(hex, HEX.formatHex(SessionMessages.credentialsResponse(username, secret)));
    }

    static Stream<Arguments> secretResponses() {
        byte[] large = new byte[200];
        large[199] = 7;
        return Stream.of(
                Arguments.of("a short value", "s3cr3t".getBytes(StandardCharsets.UTF_8), "0a06" + "733363723374"),
                Arguments.of("a 200-byte value: a two-byte length", large, "0ac801" + "00".repeat(199) + "07"),
                Arguments.of("binary bytes as they are", new byte[] {0, (byte) 0xff}, "0a0200ff"),
                Arguments.of("empty", new byte[0], ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretResponses")
    void writesASecretResponse(String name, byte[] value, String hex) {
        assertEquals(hex, HEX.formatHex(SessionMessages.secretResponse(value)));
    }

    static Stream<Arguments> healthResponses() {
        return Stream.of(
                Arguments.of("SERVING", SessionMessages.SERVING, "0801"),
                Arguments.of("UNKNOWN: proto3's default, the empty message", 0, ""),
                Arguments.of("NOT_SERVING", 2, "0802"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("healthResponses")
    void writesAHealthResponse(String name, int status, String hex) {
        assertEquals(hex, HEX.formatHex(SessionMessages.healthResponse(status)));
    }

    static Stream<Arguments> varints() {
        return Stream.of(
                Arguments.of(0L, "00"), Arguments.of(1L, "01"), Arguments.of(127L, "7f"), Arguments.of(128L, "8001"),
                Arguments.of(300L, "ac02"), Arguments.of(1L << 31, "8080808008"),
                Arguments.of(Long.MAX_VALUE, "ffffffffffffffff7f"), Arguments.of(-1L, "ffffffffffffffffff01"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("varints")
    void varintsBothWays(long value, String hex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SessionMessages.writeVarint(out, value);
        assertEquals(hex, HEX.formatHex(out.toByteArray()));
        int[] position = {0};
        assertEquals(value, SessionMessages.readVarint(HEX.parseHex(hex), position));
        assertEquals(hex.length() / 2, position[0]);
    }
}
