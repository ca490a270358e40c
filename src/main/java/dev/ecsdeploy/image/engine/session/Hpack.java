package dev.ecsdeploy.image.engine.session;

import dev.ecsdeploy.util.Decision;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * HPACK (RFC 7541), as much as the server side of the session needs: a full decoder (the engine's HTTP/2 client
 * indexes, Huffman-codes and resizes its table as it likes) and an encoder that writes every field as a literal
 * without indexing and without Huffman, which any decoder accepts and which leaves no table state to keep in step.
 * Names and values are octets, held one char per octet (ISO-8859-1).
 */
@Decision
final class Hpack {
    /** SETTINGS_HEADER_TABLE_SIZE's default, which this side never changes: the most the engine's table may hold. */
    static final int DEFAULT_TABLE_SIZE = 4096;

    private Hpack() {
    }

    /** One header field; {@link #size} is what it takes in a dynamic table (RFC 7541 section 4.1). */
    record Header(String name, String value) {
        int size() {
            return name.length() + value.length() + 32;
        }
    }

    /** RFC 7541 Appendix A. */
    private static final Header[] STATIC_TABLE = {
        new Header(":authority", ""), new Header(":method", "GET"), new Header(":method", "POST"),
        new Header(":path", "/"), new Header(":path", "/index.html"), new Header(":scheme", "http"),
        new Header(":scheme", "https"), new Header(":status", "200"), new Header(":status", "204"),
        new Header(":status", "206"), new Header(":status", "304"), new Header(":status", "400"),
        new Header(":status", "404"), new Header(":status", "500"), new Header("accept-charset", ""),
        new Header("accept-encoding", "gzip, deflate"), new Header("accept-language", ""),
        new Header("accept-ranges", ""), new Header("accept", ""), new Header("access-control-allow-origin", ""),
        new Header("age", ""), new Header("allow", ""), new Header("authorization", ""),
        new Header("cache-control", ""), new Header("content-disposition", ""), new Header("content-encoding", ""),
        new Header("content-language", ""), new Header("content-length", ""), new Header("content-location", ""),
        new Header("content-range", ""), new Header("content-type", ""), new Header("cookie", ""),
        new Header("date", ""), new Header("etag", ""), new Header("expect", ""), new Header("expires", ""),
        new Header("from", ""), new Header("host", ""), new Header("if-match", ""),
        new Header("if-modified-since", ""), new Header("if-none-match", ""), new Header("if-range", ""),
        new Header("if-unmodified-since", ""), new Header("last-modified", ""), new Header("link", ""),
        new Header("location", ""), new Header("max-forwards", ""), new Header("proxy-authenticate", ""),
        new Header("proxy-authorization", ""), new Header("range", ""), new Header("referer", ""),
        new Header("refresh", ""), new Header("retry-after", ""), new Header("server", ""),
        new Header("set-cookie", ""), new Header("strict-transport-security", ""),
        new Header("transfer-encoding", ""), new Header("user-agent", ""), new Header("vary", ""),
        new Header("via", ""), new Header("www-authenticate", ""),
    };

    /**
     * Decodes the header blocks of one connection, in order: the dynamic table carries over from block to block.
     * Every error is IllegalArgumentException, which HTTP/2 makes a COMPRESSION_ERROR of the whole connection.
     */
    static final class Decoder {
        private final int maxTableSizeLimit;
        /** Newest first: dynamic index 1 is the head. */
        private final ArrayDeque<Header> table = new ArrayDeque<>();
        private int maxTableSize;
        private int tableSize;

        /** @param maxTableSizeLimit the SETTINGS_HEADER_TABLE_SIZE this side announced */
        Decoder(int maxTableSizeLimit) {
            this.maxTableSizeLimit = maxTableSizeLimit;
            this.maxTableSize = maxTableSizeLimit;
        }

        /** The fields of one complete header block (HEADERS plus its CONTINUATIONs). */
        List<Header> decode(byte[] block) {
            Cursor in = new Cursor(block);
            List<Header> headers = new ArrayList<>();
            boolean fieldSeen = false;
            while (in.hasMore()) {
                int first = in.peek();
                if ((first & 0x80) != 0) {
                    headers.add(entry(in.integer(7)));
                } else if ((first & 0xc0) == 0x40) {
                    Header header = literal(in, 6);
                    add(header);
                    headers.add(header);
                } else if ((first & 0xe0) == 0x20) {
                    // A size update is only allowed before the block's first field (RFC 7541 section 4.2).
                    if (fieldSeen) {
                        throw new IllegalArgumentException("a dynamic table size update after a header field");
                    }
                    resize(in.integer(5));
                    continue;
                } else {
                    // 0000xxxx without indexing, 0001xxxx never indexed: to a decoder the same.
                    headers.add(literal(in, 4));
                }
                fieldSeen = true;
            }
            return headers;
        }

        /** The dynamic table, newest first. */
        List<Header> table() {
            return List.copyOf(table);
        }

        /** The dynamic table's size as RFC 7541 section 4.1 counts it. */
        int tableSize() {
            return tableSize;
        }

        private Header entry(int index) {
            if (index == 0) {
                throw new IllegalArgumentException("header index 0");
            }
            if (index <= STATIC_TABLE.length) {
                return STATIC_TABLE[index - 1];
            }
            int dynamic = index - STATIC_TABLE.length - 1;
            if (dynamic >= table.size()) {
                throw new IllegalArgumentException("header index " + index + " is past the table's "
                        + (STATIC_TABLE.length + table.size()) + " entries");
            }
            int i = 0;
            for (Header header : table) {
                if (i++ == dynamic) {
                    return header;
                }
            }
            throw new AssertionError("unreachable");
        }

        private Header literal(Cursor in, int prefix) {
            int nameIndex = in.integer(prefix);
            String name = nameIndex == 0 ? in.string() : entry(nameIndex).name();
            return new Header(name, in.string());
        }

        private void add(Header header) {
            // An entry larger than the whole table empties it and is not added (RFC 7541 section 4.4).
            tableSize += header.size();
            table.addFirst(header);
            evict();
        }

        private void resize(int size) {
            if (size > maxTableSizeLimit) {
                throw new IllegalArgumentException("a dynamic table size update to " + size + " is over the "
                        + maxTableSizeLimit + " allowed");
            }
            maxTableSize = size;
            evict();
        }

        private void evict() {
            while (tableSize > maxTableSize) {
                tableSize -= table.removeLast().size();
            }
        }
    }

    /** A header block of literals without indexing, new names, no Huffman (RFC 7541 section 6.2.2). */
    static byte[] encode(List<Header> headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Header header : headers) {
            out.write(0);
            writeString(out, header.name());
            writeString(out, header.value());
        }
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] octets = value.getBytes(StandardCharsets.ISO_8859_1);
        writeInteger(out, 0, 7, octets.length);
        out.writeBytes(octets);
    }

    /** RFC 7541 section 5.1: {@code value} in a {@code prefix}-bit prefix after {@code flags}, continued as needed. */
    static void writeInteger(ByteArrayOutputStream out, int flags, int prefix, int value) {
        int max = (1 << prefix) - 1;
        if (value < max) {
            out.write(flags | value);
            return;
        }
        out.write(flags | max);
        int rest = value - max;
        while (rest >= 0x80) {
            out.write((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        out.write(rest);
    }

    /** Reads a header block's integers and strings, with bounds checked. */
    static final class Cursor {
        private final byte[] bytes;
        private int position;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean hasMore() {
            return position < bytes.length;
        }

        int peek() {
            return bytes[position] & 0xff;
        }

        private int next() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("a header block ends inside a field");
            }
            return bytes[position++] & 0xff;
        }

        /** RFC 7541 section 5.1; values that do not fit an int are refused. */
        int integer(int prefix) {
            int max = (1 << prefix) - 1;
            int value = next() & max;
            if (value < max) {
                return value;
            }
            long total = max;
            for (int shift = 0; ; shift += 7) {
                int octet = next();
                total += (long) (octet & 0x7f) << shift;
                if (total > Integer.MAX_VALUE || shift > 28) {
                    throw new IllegalArgumentException("an HPACK integer over " + Integer.MAX_VALUE);
                }
                if ((octet & 0x80) == 0) {
                    return (int) total;
                }
            }
        }

        /** RFC 7541 section 5.2: a length with a Huffman flag, then the octets. */
        String string() {
            if (!hasMore()) {
                throw new IllegalArgumentException("a header block ends inside a field");
            }
            boolean huffman = (peek() & 0x80) != 0;
            int length = integer(7);
            if (length > bytes.length - position) {
                throw new IllegalArgumentException("a header string of " + length + " bytes runs past its block");
            }
            String value = huffman ? HpackHuffman.decode(bytes, position, length)
                    : new String(bytes, position, length, StandardCharsets.ISO_8859_1);
            position += length;
            return value;
        }
    }
}
