package dev.ecsdeploy.image.engine.session;

import dev.ecsdeploy.util.Decision;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/2's framing (RFC 9113 sections 4 and 6) as far as the session's server side reads and writes it: the client
 * preface, the 9-byte frame header, padding, SETTINGS entries and how much of a message one DATA frame may carry.
 */
@Decision
final class Http2Frames {
    /** What the client sends first, before its SETTINGS (RFC 9113 section 3.4). */
    static final byte[] CLIENT_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_LENGTH = 9;
    /** SETTINGS_MAX_FRAME_SIZE's and SETTINGS_INITIAL_WINDOW_SIZE's defaults: this side announces neither. */
    static final int DEFAULT_MAX_FRAME_SIZE = 16_384;
    static final int DEFAULT_WINDOW = 65_535;
    static final int MAX_WINDOW = Integer.MAX_VALUE;

    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int PRIORITY = 0x2;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PUSH_PROMISE = 0x5;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int CONTINUATION = 0x9;

    static final int FLAG_END_STREAM = 0x1;
    static final int FLAG_ACK = 0x1;
    static final int FLAG_END_HEADERS = 0x4;
    static final int FLAG_PADDED = 0x8;
    static final int FLAG_PRIORITY = 0x20;

    static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    static final int SETTINGS_MAX_FRAME_SIZE = 0x5;

    /** Error codes (RFC 9113 section 7). */
    static final int NO_ERROR = 0x0;
    static final int PROTOCOL_ERROR = 0x1;
    static final int FLOW_CONTROL_ERROR = 0x3;
    static final int FRAME_SIZE_ERROR = 0x6;
    static final int CANCEL = 0x8;
    static final int COMPRESSION_ERROR = 0x9;

    private Http2Frames() {
    }

    /** A frame that breaks RFC 9113, with the error code the RFC gives it. */
    static final class FrameError extends IllegalArgumentException {
        final int code;

        FrameError(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** A frame's header: its payload's length, type, flags and stream (the reserved bit dropped). */
    record FrameHeader(int length, int type, int flags, int stream) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    static FrameHeader parseHeader(byte[] header) {
        ByteBuffer in = ByteBuffer.wrap(header);
        int length = ((in.get() & 0xff) << 16) | ((in.get() & 0xff) << 8) | (in.get() & 0xff);
        int type = in.get() & 0xff;
        int flags = in.get() & 0xff;
        return new FrameHeader(length, type, flags, in.getInt() & 0x7fff_ffff);
    }

    /** A whole frame: header, then {@code length} bytes of {@code payload} from {@code offset}. */
    static ByteBuffer frame(int type, int flags, int stream, byte[] payload, int offset, int length) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + length);
        out.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        out.put((byte) type).put((byte) flags).putInt(stream & 0x7fff_ffff);
        out.put(payload, offset, length);
        return out.flip();
    }

    static ByteBuffer frame(int type, int flags, int stream, byte[] payload) {
        return frame(type, flags, stream, payload, 0, payload.length);
    }

    /** A payload of big-endian 32-bit values: WINDOW_UPDATE's increment, RST_STREAM's code, GOAWAY's pair. */
    static byte[] ints(int... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length);
        for (int value : values) {
            out.putInt(value);
        }
        return out.array();
    }

    /**
     * Where a DATA or HEADERS payload's content lies once its padding (and, for HEADERS, its priority fields) are
     * taken off: {@code [offset, offset + length)}. Throws IllegalArgumentException when the padding is longer than
     * the frame: a PROTOCOL_ERROR (RFC 9113 section 6.1).
     */
    record Content(int offset, int length) {
    }

    static Content content(FrameHeader header, byte[] payload) {
        int offset = 0;
        int padding = 0;
        if (header.has(FLAG_PADDED)) {
            if (payload.length < 1) {
                throw new FrameError(PROTOCOL_ERROR, "a padded frame without its pad length");
            }
            padding = payload[0] & 0xff;
            offset = 1;
        }
        if (header.type() == HEADERS && header.has(FLAG_PRIORITY)) {
            offset += 5;
        }
        int length = payload.length - offset - padding;
        if (length < 0) {
            throw new FrameError(PROTOCOL_ERROR, "a frame's padding is longer than the frame");
        }
        return new Content(offset, length);
    }

    /**
     * The peer's settings as this side applies them, starting from {@code current}: each 6-byte entry in order, the
     * unknown ones ignored. A bad value is a FrameError with the code RFC 9113 section 6.5 gives it.
     */
    record PeerSettings(int initialWindow, int maxFrameSize) {
        static final PeerSettings DEFAULTS = new PeerSettings(DEFAULT_WINDOW, DEFAULT_MAX_FRAME_SIZE);
    }

    static PeerSettings applySettings(PeerSettings current, byte[] payload) {
        if (payload.length % 6 != 0) {
            throw new FrameError(FRAME_SIZE_ERROR, "a SETTINGS payload of " + payload.length + " bytes");
        }
        int initialWindow = current.initialWindow();
        int maxFrameSize = current.maxFrameSize();
        ByteBuffer in = ByteBuffer.wrap(payload);
        while (in.hasRemaining()) {
            int id = in.getShort() & 0xffff;
            long value = Integer.toUnsignedLong(in.getInt());
            if (id == SETTINGS_INITIAL_WINDOW_SIZE) {
                if (value > MAX_WINDOW) {
                    throw new FrameError(FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value
                            + " is over 2^31-1");
                }
                initialWindow = (int) value;
            } else if (id == SETTINGS_MAX_FRAME_SIZE) {
                if (value < DEFAULT_MAX_FRAME_SIZE || value > 0xff_ffff) {
                    throw new FrameError(PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value
                            + " is outside 16384..16777215");
                }
                maxFrameSize = (int) value;
            }
        }
        return new PeerSettings(initialWindow, maxFrameSize);
    }

    /** How many of {@code remaining} bytes the next DATA frame may carry: 0 means wait for a WINDOW_UPDATE. */
    static int nextDataLength(int remaining, int maxFrameSize, long connectionWindow, long streamWindow) {
        long allowed = Math.min(Math.min(remaining, maxFrameSize), Math.min(connectionWindow, streamWindow));
        return (int) Math.max(0, allowed);
    }
}
