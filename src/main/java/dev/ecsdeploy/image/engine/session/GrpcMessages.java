package dev.ecsdeploy.image.engine.session;

import dev.ecsdeploy.util.Decision;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * gRPC's framing over HTTP/2 for unary calls: a request or response body is one message behind a five-byte prefix
 * (a compressed flag, then the length as a big-endian uint32), and a call ends with {@code grpc-status} and an
 * optional {@code grpc-message}, percent-encoded (gRPC's PROTOCOL-HTTP2 spec).
 */
@Decision
final class GrpcMessages {
    /** The most a request may carry: BuildKit's session requests are a host name or a secret id. */
    static final int MAX_REQUEST = 1 << 20;

    private GrpcMessages() {
    }

    /** The status codes this side answers with (grpc's codes.Code). */
    enum Status {
        OK(0), INVALID_ARGUMENT(3), NOT_FOUND(5), RESOURCE_EXHAUSTED(8), UNIMPLEMENTED(12), INTERNAL(13);

        final int code;

        Status(int code) {
            this.code = code;
        }
    }

    /** What one call answers: a message when OK, else a status and a description (never a secret). */
    record Answer(Status status, byte[] message, String description) {
        static Answer ok(byte[] message) {
            return new Answer(Status.OK, message, "");
        }

        static Answer error(Status status, String description) {
            return new Answer(status, new byte[0], description);
        }
    }

    /** The message of a complete unary request body; throws IllegalArgumentException when it is not exactly one. */
    static byte[] unframe(byte[] body) {
        if (body.length < 5) {
            throw new IllegalArgumentException("a gRPC request body has a 5-byte prefix, this one has "
                    + body.length + " bytes");
        }
        if (body[0] != 0) {
            throw new IllegalArgumentException("compressed gRPC messages are not accepted");
        }
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(body, 1, 4).getInt());
        if (length != body.length - 5) {
            throw new IllegalArgumentException("the gRPC prefix says " + length + " bytes, the body holds "
                    + (body.length - 5));
        }
        byte[] message = new byte[body.length - 5];
        System.arraycopy(body, 5, message, 0, message.length);
        return message;
    }

    /** The message behind its prefix: uncompressed. */
    static byte[] frame(byte[] message) {
        return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
    }

    /**
     * {@code grpc-message} as the spec wants it: UTF-8, with every byte outside printable ASCII and every {@code %}
     * percent-encoded.
     */
    static String percentEncode(String description) {
        StringBuilder out = new StringBuilder();
        for (byte b : description.getBytes(StandardCharsets.UTF_8)) {
            int unsigned = b & 0xff;
            if (unsigned >= 0x20 && unsigned <= 0x7e && unsigned != '%') {
                out.append((char) unsigned);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(unsigned >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(unsigned & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
