package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ecsdeploy.image.engine.session.Hpack.Header;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HPACK against RFC 7541's own examples (Appendix C): integers, single fields, then three requests and three responses
 * on one connection each, with and without Huffman, checking the decoded fields and the dynamic table after every
 * block, eviction included.
 */
class HpackTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replace(" ", ""));
    }

    /** "name: value" pairs, as the RFC lists them. */
    private static List<Header> fields(String... lines) {
        List<Header> headers = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(": ", 1);
            headers.add(new Header(line.substring(0, colon), line.substring(colon + 2)));
        }
        return headers;
    }

    static Stream<Arguments> integers() {
        return Stream.of(
                Arguments.of("C.1.1 10 in a 5-bit prefix", 5, 10, "0a"),
                Arguments.of("C.1.2 1337 in a 5-bit prefix", 5, 1337, "1f9a0a"),
                Arguments.of("C.1.3 42 at an octet boundary", 8, 42, "2a"),
                Arguments.of("the prefix's maximum takes a second octet", 5, 31, "1f00"),
                Arguments.of("a 7-bit string length of 127", 7, 127, "7f00"),
                Arguments.of("the largest int", 7, Integer.MAX_VALUE, "7f80ffffff07"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("integers")
    void integersInAPrefix(String name, int prefix, int value, String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Hpack.writeInteger(out, 0, prefix, value);
        assertEquals(encoded, HEX.formatHex(out.toByteArray()));
        assertEquals(value, new Hpack.Cursor(hex(encoded)).integer(prefix));
    }

    /** One block on a fresh decoder: the fields, then the table it leaves (newest first) and the table's size. */
    static Stream<Arguments> singleFields() {
        return Stream.of(
                Arguments.of("C.2.1 literal with indexing",
                        "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
                        fields("custom-key: custom-header"), fields("custom-key: custom-header"), 55),
                Arguments.of("C.2.2 literal without indexing", "040c 2f73 616d 706c 652f 7061 7468",
                        fields(":path: /sample/path"), List.of(), 0),
                Arguments.of("C.2.3 literal never indexed", "1008 7061 7373 776f 7264 0673 6563 7265 74",
                        fields("password: secret"), List.of(), 0),
                Arguments.of("C.2.4 indexed", "82", fields(":method: GET"), List.of(), 0),
                Arguments.of("a size update to 0 first, then an indexed field", "20 82", fields(":method: GET"),
                        List.of(), 0),
                Arguments.of("an entry larger than the table empties it and is not kept",
                        "3f 17 40 0a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
                        fields("custom-key: custom-header"), List.of(), 0),
                Arguments.of("Huffman: the padding is EOS's first bits", "00 81 07 81 07", fields("0: 0"), List.of(),
                        0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleFields")
    void decodesASingleField(String name, String block, List<Header> decoded, List<Header> table, int size) {
        Hpack.Decoder decoder = new Hpack.Decoder(Hpack.DEFAULT_TABLE_SIZE);
        assertEquals(decoded, decoder.decode(hex(block)));
        assertEquals(table, decoder.table());
        assertEquals(size, decoder.tableSize());
    }

    /** One block of a sequence on one connection: what it decodes to and the table it leaves. */
    record Step(String block, List<Header> decoded, List<Header> table, int size) {
    }

    private static final List<Header> REQUEST_1 = fields(":method: GET", ":scheme: http", ":path: /",
            ":authority: www.example.com");
    private static final List<Header> REQUEST_2 = fields(":method: GET", ":scheme: http", ":path: /",
            ":authority: www.example.com", "cache-control: no-cache");
    private static final List<Header> REQUEST_3 = fields(":method: GET", ":scheme: https", ":path: /index.html",
            ":authority: www.example.com", "custom-key: custom-value");
    private static final List<Header> REQUEST_TABLE_1 = fields(":authority: www.example.com");
    private static final List<Header> REQUEST_TABLE_2 = fields("cache-control: no-cache",
            ":authority: www.example.com");
    private static final List<Header> REQUEST_TABLE_3 = fields("custom-key: custom-value", "cache-control: no-cache",
            ":authority: www.example.com");

    private static final String DATE_1 = "date: Mon, 21 Oct 2013 20:13:21 GMT";
    private static final String DATE_2 = "date: Mon, 21 Oct 2013 20:13:22 GMT";
    private static final String LOCATION = "location: https://www.example.com";
    private static final String COOKIE = "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";
    private static final List<Header> RESPONSE_1 = fields(":status: 302", "cache-control: private", DATE_1, LOCATION);
    private static final List<Header> RESPONSE_2 = fields(":status: 307", "cache-control: private", DATE_1, LOCATION);
    private static final List<Header> RESPONSE_3 = fields(":status: 200", "cache-control: private", DATE_2, LOCATION,
            "content-encoding: gzip", COOKIE);
    private static final List<Header> RESPONSE_TABLE_1 = fields(LOCATION, DATE_1, "cache-control: private",
            ":status: 302");
    // ":status: 302" is evicted to make room for ":status: 307" in a 256-byte table.
    private static final List<Header> RESPONSE_TABLE_2 = fields(":status: 307", LOCATION, DATE_1,
            "cache-control: private");
    private static final List<Header> RESPONSE_TABLE_3 = fields(COOKIE, "content-encoding: gzip", DATE_2);

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("C.3 requests without Huffman", Hpack.DEFAULT_TABLE_SIZE, List.of(
                        new Step("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d", REQUEST_1, REQUEST_TABLE_1, 57),
                        new Step("8286 84be 5808 6e6f 2d63 6163 6865", REQUEST_2, REQUEST_TABLE_2, 110),
                        new Step("8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
                                REQUEST_3, REQUEST_TABLE_3, 164))),
                Arguments.of("C.4 requests with Huffman", Hpack.DEFAULT_TABLE_SIZE, List.of(
                        new Step("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff", REQUEST_1, REQUEST_TABLE_1, 57),
                        new Step("8286 84be 5886 a8eb 1064 9cbf", REQUEST_2, REQUEST_TABLE_2, 110),
                        new Step("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf", REQUEST_3,
                                REQUEST_TABLE_3, 164))),
                Arguments.of("C.5 responses without Huffman, a 256-byte table", 256, List.of(
                        new Step("4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
                                + " 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70"
                                + " 6c65 2e63 6f6d", RESPONSE_1, RESPONSE_TABLE_1, 222),
                        new Step("4803 3330 37c1 c0bf", RESPONSE_2, RESPONSE_TABLE_2, 222),
                        new Step("88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d"
                                + " 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
                                + " 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e"
                                + " 3d31", RESPONSE_3, RESPONSE_TABLE_3, 215))),
                Arguments.of("C.6 responses with Huffman, a 256-byte table", 256, List.of(
                        new Step("4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
                                + " 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3", RESPONSE_1,
                                RESPONSE_TABLE_1, 222),
                        new Step("4883 640e ffc1 c0bf", RESPONSE_2, RESPONSE_TABLE_2, 222),
                        new Step("88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab"
                                + " 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
                                + " 9587 3160 65c0 03ed 4ee5 b106 3d50 07", RESPONSE_3, RESPONSE_TABLE_3, 215))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void decodesBlocksInSequenceOnOneConnection(String name, int tableSize, List<Step> steps) {
        Hpack.Decoder decoder = new Hpack.Decoder(tableSize);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            assertEquals(step.decoded(), decoder.decode(hex(step.block())), "block " + (i + 1));
            assertEquals(step.table(), decoder.table(), "table after block " + (i + 1));
            assertEquals(step.size(), decoder.tableSize(), "table size after block " + (i + 1));
        }
    }

    static Stream<Arguments> badBlocks() {
        return Stream.of(
                Arguments.of("index 0", "80", "header index 0"),
                Arguments.of("an index past the tables", "be", "header index 62 is past the table's 61 entries"),
                Arguments.of("a block ending inside a field", "40", "a header block ends inside a field"),
                Arguments.of("a string longer than the block", "00 05 61", "a header string of 5 bytes runs past its block"),
                Arguments.of("an integer past an int", "7f ffffffff0f", "an HPACK integer over 2147483647"),
                Arguments.of("a size update over the announced size", "3fe21f",
                        "a dynamic table size update to 4097 is over the 4096 allowed"),
                Arguments.of("a size update after a field", "82 20", "a dynamic table size update after a header field"),
                Arguments.of("Huffman padding of zeros", "00 81 00 81 07", "a Huffman-coded string ends in bad padding"),
                Arguments.of("Huffman padding of 8 bits or more", "00 82 07ff 81 07",
                        "a Huffman-coded string ends in bad padding"),
                Arguments.of("Huffman EOS in a string", "00 84 ffff fffc 81 07", "a Huffman-coded string holds EOS"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBlocks")
    void refusesMalformedBlocks(String name, String block, String message) {
        Hpack.Decoder decoder = new Hpack.Decoder(Hpack.DEFAULT_TABLE_SIZE);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> decoder.decode(hex(block)))
                .getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void whatThisSideEncodesDecodesBackWithoutTouchingTheTable(String name, int tableSize, List<Step> steps) {
        Hpack.Decoder decoder = new Hpack.Decoder(tableSize);
        for (Step step : steps) {
            assertEquals(step.decoded(), decoder.decode(Hpack.encode(step.decoded())));
        }
        assertEquals(List.of(), decoder.table());
    }
}
