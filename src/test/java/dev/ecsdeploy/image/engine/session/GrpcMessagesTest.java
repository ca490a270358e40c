package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** gRPC's length-prefixed messages and its grpc-message encoding (PROTOCOL-HTTP2). */
class GrpcMessagesTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> frames() {
        return Stream.of(
                Arguments.of("an empty message (a health check's request)", "", "0000000000"),
                Arguments.of("two bytes", "0801", "00000000020801"),
                Arguments.of("256 bytes: the length is big-endian", "ab".repeat(256), "0000000100" + "ab".repeat(256)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void framesAndUnframes(String name, String message, String framed) {
        assertEquals(framed, HEX.formatHex(GrpcMessages.frame(HEX.parseHex(message))));
        assertEquals(message, HEX.formatHex(GrpcMessages.unframe(HEX.parseHex(framed))));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("no prefix", "", "a gRPC request body has a 5-byte prefix, this one has 0 bytes"),
                Arguments.of("a short prefix", "00000000", "a gRPC request body has a 5-byte prefix, this one has 4 bytes"),
                Arguments.of("compressed", "0100000000", "compressed gRPC messages are not accepted"),
                Arguments.of("longer than said", "000000000008", "the gRPC prefix says 0 bytes, the body holds 1"),
                Arguments.of("shorter than said", "0000000002ff", "the gRPC prefix says 2 bytes, the body holds 1"),
                Arguments.of("two messages in one body", "00000000010800000000010a",
                        "the gRPC prefix says 1 bytes, the body holds 7"),
                Arguments.of("a length past 2^31", "00ffffffff", "the gRPC prefix says 4294967295 bytes, the body holds 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void refusesABodyThatIsNotOneMessage(String name, String body, String reason) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> GrpcMessages.unframe(HEX.parseHex(body)));
        assertEquals(reason, refused.getMessage());
    }

    static Stream<Arguments> descriptions() {
        return Stream.of(
                Arguments.of("printable ASCII as it is", "no build secret npm-token", "no build secret npm-token"),
                Arguments.of("the percent sign itself", "100% sure", "100%25 sure"),
                Arguments.of("a line break", "a\nb", "a%0Ab"),
                Arguments.of("UTF-8, byte by byte", "café", "caf%C3%A9"),
                Arguments.of("DEL", "\u007f", "%7F"),
                Arguments.of("empty", "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptions")
    void percentEncodesTheStatusMessage(String name, String description, String encoded) {
        assertEquals(encoded, GrpcMessages.percentEncode(description));
    }
}
