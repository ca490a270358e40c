package dev.ecsdeploy.image.engine.session;

import dev.ecsdeploy.util.Decision;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protobuf messages the session's services read and write, hand-encoded: each has one or two fields, so a
 * protobuf runtime and generated code (and their weight in the jar) buy nothing. Wire format: every field is a varint
 * key ({@code field << 3 | wireType}) and a value; strings and bytes are length-delimited (wire type 2). Readers skip
 * fields they do not know, as protobuf requires, and refuse a truncated or malformed message.
 */
@Decision
final class SessionMessages {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    /** {@code grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING}. */
    static final int SERVING = 1;

    private SessionMessages() {
    }

    /** {@code moby.filesync.v1.CredentialsRequest}: the registry host, field 1. */
    static String credentialsRequestHost(byte[] message) {
        return stringField(message, 1);
    }

    /**
     * {@code moby.filesync.v1.CredentialsResponse}: {@code Username} field 1, {@code Secret} field 2. No credential is
     * the empty message, which BuildKit reads as anonymous.
     */
    static byte[] credentialsResponse(String username, String secret) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBytes(out, 1, utf8(username));
        writeBytes(out, 2, utf8(secret));
        return out.toByteArray();
    }

    /** {@code moby.buildkit.secrets.v1.GetSecretRequest}: the secret's {@code ID}, field 1 (annotations, 2, unread). */
    static String secretRequestId(byte[] message) {
        return stringField(message, 1);
    }

    /** {@code moby.buildkit.secrets.v1.GetSecretResponse}: {@code data}, field 1. */
    static byte[] secretResponse(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBytes(out, 1, data);
        return out.toByteArray();
    }

    /** {@code grpc.health.v1.HealthCheckResponse}: {@code status}, field 1, an enum (varint). */
    static byte[] healthResponse(int status) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (status != 0) {
            writeVarint(out, 1L << 3 | VARINT);
            writeVarint(out, status);
        }
        return out.toByteArray();
    }

    /**
     * The last value of a length-delimited field as UTF-8 ("" when absent: proto3's default), the other fields
     * skipped. A repeated scalar field's last value wins, as protobuf parsers do.
     */
    static String stringField(byte[] message, int field) {
        byte[] value = new byte[0];
        int[] position = {0};
        while (position[0] < message.length) {
            long key = readVarint(message, position);
            int number = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            if (number == 0) {
                throw new IllegalArgumentException("field number 0");
            }
            if (wireType == LENGTH_DELIMITED) {
                int length = length(readVarint(message, position), message.length - position[0]);
                if (number == field) {
                    value = java.util.Arrays.copyOfRange(message, position[0], position[0] + length);
                }
                position[0] += length;
            } else if (number == field) {
                throw new IllegalArgumentException("field " + field + " has wire type " + wireType);
            } else {
                skip(message, position, wireType);
            }
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static void skip(byte[] message, int[] position, int wireType) {
        switch (wireType) {
            case VARINT -> readVarint(message, position);
            case FIXED64 -> position[0] += length(8, message.length - position[0]);
            case FIXED32 -> position[0] += length(4, message.length - position[0]);
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
        }
    }

    private static int length(long length, int remaining) {
        if (length < 0 || length > remaining) {
            throw new IllegalArgumentException("field runs past the message's end");
        }
        return (int) length;
    }

    static long readVarint(byte[] message, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= message.length) {
                throw new IllegalArgumentException("varint runs past the message's end");
            }
            byte b = message[position[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** A length-delimited field; an empty value is left out (proto3 does not send defaults). */
    private static void writeBytes(ByteArrayOutputStream out, int field, byte[] value) {
        if (value.length == 0) {
            return;
        }
        writeVarint(out, (long) field << 3 | LENGTH_DELIMITED);
        writeVarint(out, value.length);
        out.writeBytes(value);
    }

    private static byte[] utf8(String value) {
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }
}
