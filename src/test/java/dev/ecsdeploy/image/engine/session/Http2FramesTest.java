package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ecsdeploy.image.engine.session.Http2Frames.Content;
import dev.ecsdeploy.image.engine.session.Http2Frames.FrameHeader;
import dev.ecsdeploy.image.engine.session.Http2Frames.PeerSettings;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** HTTP/2's frame header, padding, SETTINGS and DATA sizing (RFC 9113 sections 4.1, 6.1, 6.2, 6.5, 6.9). */
class Http2FramesTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("an empty SETTINGS", "000000 04 00 00000000", new FrameHeader(0, 4, 0, 0)),
                Arguments.of("a SETTINGS ACK", "000000 04 01 00000000", new FrameHeader(0, 4, 1, 0)),
                Arguments.of("DATA ending stream 1", "000005 00 01 00000001", new FrameHeader(5, 0, 1, 1)),
                Arguments.of("a 16 KiB HEADERS on stream 2^31-1", "004000 01 04 7fffffff",
                        new FrameHeader(16384, 1, 4, Integer.MAX_VALUE)),
                Arguments.of("the reserved bit is dropped", "000004 08 00 80000003", new FrameHeader(4, 8, 0, 3)),
                Arguments.of("a 24-bit length", "ffffff 00 00 00000001", new FrameHeader(0xffffff, 0, 0, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void parsesFrameHeaders(String name, String hex, FrameHeader header) {
        assertEquals(header, Http2Frames.parseHeader(HEX.parseHex(hex.replace(" ", ""))));
    }

    @Test
    void writesAFrameAsHeaderThenPayloadSlice() {
        ByteBuffer frame = Http2Frames.frame(Http2Frames.DATA, Http2Frames.FLAG_END_STREAM, 3,
                HEX.parseHex("aabbccdd"), 1, 2);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        assertEquals("000002000100000003bbcc", HEX.formatHex(bytes));
    }

    static Stream<Arguments> contents() {
        return Stream.of(
                Arguments.of("DATA unpadded", Http2Frames.DATA, 0, "0a0b0c", new Content(0, 3)),
                Arguments.of("DATA padded by 2", Http2Frames.DATA, Http2Frames.FLAG_PADDED, "02 0a0b 0000",
                        new Content(1, 2)),
                Arguments.of("DATA all padding", Http2Frames.DATA, Http2Frames.FLAG_PADDED, "02 0000",
                        new Content(1, 0)),
                Arguments.of("HEADERS with priority", Http2Frames.HEADERS, Http2Frames.FLAG_PRIORITY,
                        "80000001 10 82", new Content(5, 1)),
                Arguments.of("HEADERS padded with priority", Http2Frames.HEADERS,
                        Http2Frames.FLAG_PADDED | Http2Frames.FLAG_PRIORITY, "01 00000001 10 82 00",
                        new Content(6, 1)),
                Arguments.of("DATA ignores a priority flag", Http2Frames.DATA, Http2Frames.FLAG_PRIORITY, "0a",
                        new Content(0, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contents")
    void takesOffPaddingAndPriority(String name, int type, int flags, String payload, Content content) {
        byte[] bytes = HEX.parseHex(payload.replace(" ", ""));
        assertEquals(content, Http2Frames.content(new FrameHeader(bytes.length, type, flags, 1), bytes));
    }

    static Stream<Arguments> badPadding() {
        return Stream.of(
                Arguments.of("no pad length", "", "a padded frame without its pad length"),
                Arguments.of("padding past the frame", "05 0a0b", "a frame's padding is longer than the frame"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPadding")
    void refusesPaddingLongerThanTheFrame(String name, String payload, String message) {
        byte[] bytes = HEX.parseHex(payload.replace(" ", ""));
        FrameHeader header = new FrameHeader(bytes.length, Http2Frames.DATA, Http2Frames.FLAG_PADDED, 1);
        Http2Frames.FrameError error = assertThrows(Http2Frames.FrameError.class,
                () -> Http2Frames.content(header, bytes));
        assertEquals(Http2Frames.PROTOCOL_ERROR, error.code);
        assertEquals(message, error.getMessage());
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("none: the defaults stay", "", new PeerSettings(65535, 16384)),
                Arguments.of("a larger initial window", "0004 00400000", new PeerSettings(4 << 20, 16384)),
                Arguments.of("a zero initial window", "0004 00000000", new PeerSettings(0, 16384)),
                Arguments.of("the largest frame size", "0005 00ffffff", new PeerSettings(65535, 16777215)),
                Arguments.of("the last of two values wins", "0004 00000010 0004 00000020", new PeerSettings(32, 16384)),
                Arguments.of("Go's client: push off, table and header list sizes, a window; unknowns ignored",
                        "0002 00000000 0001 00001000 0006 00a00000 0004 00400000 ff00 12345678",
                        new PeerSettings(4 << 20, 16384)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void appliesThePeersSettings(String name, String payload, PeerSettings applied) {
        assertEquals(applied, Http2Frames.applySettings(PeerSettings.DEFAULTS, HEX.parseHex(payload.replace(" ", ""))));
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("a partial entry", "0004 0000", Http2Frames.FRAME_SIZE_ERROR,
                        "a SETTINGS payload of 4 bytes"),
                Arguments.of("a window over 2^31-1", "0004 80000000", Http2Frames.FLOW_CONTROL_ERROR,
                        "SETTINGS_INITIAL_WINDOW_SIZE 2147483648 is over 2^31-1"),
                Arguments.of("a frame size under 16 KiB", "0005 00003fff", Http2Frames.PROTOCOL_ERROR,
                        "SETTINGS_MAX_FRAME_SIZE 16383 is outside 16384..16777215"),
                Arguments.of("a frame size over 2^24-1", "0005 01000000", Http2Frames.PROTOCOL_ERROR,
                        "SETTINGS_MAX_FRAME_SIZE 16777216 is outside 16384..16777215"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void refusesBadSettingsWithTheirErrorCode(String name, String payload, int code, String message) {
        Http2Frames.FrameError error = assertThrows(Http2Frames.FrameError.class, () -> Http2Frames.applySettings(
                PeerSettings.DEFAULTS, HEX.parseHex(payload.replace(" ", ""))));
        assertEquals(code, error.code);
        assertEquals(message, error.getMessage());
    }

    static Stream<Arguments> dataLengths() {
        return Stream.of(
                Arguments.of("a small message fits at once", 100, 16384, 65535L, 65535L, 100),
                Arguments.of("a large one is cut to the frame size", 460_000, 16384, 65535L, 65535L, 16384),
                Arguments.of("a larger frame size the peer allows", 460_000, 1 << 20, 65535L, 65535L, 65535),
                Arguments.of("the connection window is the limit", 20_000, 16384, 1000L, 65535L, 1000),
                Arguments.of("the stream window is the limit", 20_000, 16384, 65535L, 10L, 10),
                Arguments.of("a used-up connection window waits", 20_000, 16384, 0L, 65535L, 0),
                Arguments.of("a stream window a SETTINGS made negative waits", 20_000, 16384, 65535L, -5L, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataLengths")
    void sizesTheNextDataFrame(String name, int remaining, int maxFrame, long connection, long stream, int length) {
        assertEquals(length, Http2Frames.nextDataLength(remaining, maxFrame, connection, stream));
    }
}
