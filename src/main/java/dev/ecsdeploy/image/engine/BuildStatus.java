package dev.ecsdeploy.image.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code moby.buildkit.v1.StatusResponse}, the payload of a {@code moby.buildkit.trace} message, read from the
 * protobuf wire format by hand: four small messages do not warrant a protobuf runtime and generated code. Field numbers
 * are BuildKit's {@code api/services/control/control.proto}; fields this renderer does not use (progress groups,
 * warning details) are skipped, as protobuf readers skip unknown fields.
 */
record BuildStatus(List<Vertex> vertexes, List<Status> statuses, List<Log> logs, List<Warning> warnings) {

    /** A step of the build graph. Times are null when the field is absent (not started, not completed). */
    record Vertex(String digest, List<String> inputs, String name, boolean cached, Instant started, Instant completed,
                  String error) {
    }

    /** Progress of one piece of work inside a vertex ({@code transferring context}, a layer's download). */
    record Status(String id, String vertex, String name, long current, long total, Instant timestamp, Instant started,
                  Instant completed) {
    }

    /** Output a vertex printed: bytes, not text, as a line may be cut anywhere, even inside a UTF-8 character. */
    record Log(String vertex, Instant timestamp, long stream, byte[] message) {
    }

    record Warning(String vertex, long level, byte[] shortMessage) {
    }

    /** Thrown for bytes that are not a well-formed StatusResponse. */
    static final class MalformedException extends IllegalArgumentException {
        MalformedException(String message) {
            super(message);
        }
    }

    static BuildStatus parse(byte[] bytes) {
        List<Vertex> vertexes = new ArrayList<>();
        List<Status> statuses = new ArrayList<>();
        List<Log> logs = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        Wire wire = new Wire(bytes, 0, bytes.length);
        while (wire.more()) {
            int tag = wire.tag();
            switch (tag >>> 3) {
                case 1 -> vertexes.add(vertex(wire.message(tag)));
                case 2 -> statuses.add(status(wire.message(tag)));
                case 3 -> logs.add(log(wire.message(tag)));
                case 4 -> warnings.add(warning(wire.message(tag)));
                default -> wire.skip(tag);
            }
        }
        return new BuildStatus(List.copyOf(vertexes), List.copyOf(statuses), List.copyOf(logs),
                List.copyOf(warnings));
    }

    private static Vertex vertex(Wire wire) {
        String digest = "";
        List<String> inputs = new ArrayList<>();
        String name = "";
        boolean cached = false;
        Instant started = null;
        Instant completed = null;
        String error = "";
        while (wire.more()) {
            int tag = wire.tag();
            switch (tag >>> 3) {
                case 1 -> digest = wire.string(tag);
                case 2 -> inputs.add(wire.string(tag));
                case 3 -> name = wire.string(tag);
                case 4 -> cached = wire.varint(tag) != 0;
                case 5 -> started = timestamp(wire.message(tag));
                case 6 -> completed = timestamp(wire.message(tag));
                case 7 -> error = wire.string(tag);
                default -> wire.skip(tag);
            }
        }
        return new Vertex(digest, List.copyOf(inputs), name, cached, started, completed, error);
    }

    private static Status status(Wire wire) {
        String id = "";
        String vertex = "";
        String name = "";
        long current = 0;
        long total = 0;
        Instant timestamp = null;
        Instant started = null;
        Instant completed = null;
        while (wire.more()) {
            int tag = wire.tag();
            switch (tag >>> 3) {
                case 1 -> id = wire.string(tag);
                case 2 -> vertex = wire.string(tag);
                case 3 -> name = wire.string(tag);
                case 4 -> current = wire.varint(tag);
                case 5 -> total = wire.varint(tag);
                case 6 -> timestamp = timestamp(wire.message(tag));
                case 7 -> started = timestamp(wire.message(tag));
                case 8 -> completed = timestamp(wire.message(tag));
                default -> wire.skip(tag);
            }
        }
        return new Status(id, vertex, name, current, total, timestamp == null ? Instant.EPOCH : timestamp, started,
                completed);
    }

    private static Log log(Wire wire) {
        String vertex = "";
        Instant timestamp = Instant.EPOCH;
        long stream = 0;
        byte[] message = new byte[0];
        while (wire.more()) {
            int tag = wire.tag();
            switch (tag >>> 3) {
                case 1 -> vertex = wire.string(tag);
                case 2 -> timestamp = timestamp(wire.message(tag));
                case 3 -> stream = wire.varint(tag);
                case 4 -> message = wire.bytes(tag);
                default -> wire.skip(tag);
            }
        }
        return new Log(vertex, timestamp, stream, message);
    }

    private static Warning warning(Wire wire) {
        String vertex = "";
        long level = 0;
        byte[] shortMessage = new byte[0];
        while (wire.more()) {
            int tag = wire.tag();
            switch (tag >>> 3) {
                case 1 -> vertex = wire.string(tag);
                case 2 -> level = wire.varint(tag);
                case 3 -> shortMessage = wire.bytes(tag);
                default -> wire.skip(tag);
            }
        }
        return new Warning(vertex, level, shortMessage);
    }

    /** google.protobuf.Timestamp: seconds 1, nanos 2. */
    private static Instant timestamp(Wire wire) {
        long seconds = 0;
        long nanos = 0;
        while (wire.more()) {
            int tag = wire.tag();
            switch (tag >>> 3) {
                case 1 -> seconds = wire.varint(tag);
                case 2 -> nanos = wire.varint(tag);
                default -> wire.skip(tag);
            }
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** A reader over one message's bytes: tags, varints, length-delimited fields, and skipping what is not needed. */
    static final class Wire {
        private static final int VARINT = 0;
        private static final int FIXED64 = 1;
        private static final int LENGTH_DELIMITED = 2;
        private static final int FIXED32 = 5;

        private final byte[] bytes;
        private int position;
        private final int end;

        Wire(byte[] bytes, int position, int end) {
            this.bytes = bytes;
            this.position = position;
            this.end = end;
        }

        boolean more() {
            return position < end;
        }

        int tag() {
            long tag = rawVarint();
            if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
                throw new MalformedException("bad field tag " + tag + " at byte " + position);
            }
            return (int) tag;
        }

        long varint(int tag) {
            expect(tag, VARINT);
            return rawVarint();
        }

        String string(int tag) {
            return new String(bytes(tag), StandardCharsets.UTF_8);
        }

        byte[] bytes(int tag) {
            int length = length(tag);
            byte[] value = java.util.Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return value;
        }

        Wire message(int tag) {
            int length = length(tag);
            Wire inner = new Wire(bytes, position, position + length);
            position += length;
            return inner;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case VARINT -> rawVarint();
                case FIXED64 -> advance(8);
                case LENGTH_DELIMITED -> advance(length(tag));
                case FIXED32 -> advance(4);
                default -> throw new MalformedException("unsupported wire type " + (tag & 7) + " of field "
                        + (tag >>> 3));
            }
        }

        private int length(int tag) {
            expect(tag, LENGTH_DELIMITED);
            long length = rawVarint();
            if (length < 0 || length > end - position) {
                throw new MalformedException("field " + (tag >>> 3) + " runs past the end of its message");
            }
            return (int) length;
        }

        private void advance(int count) {
            if (count > end - position) {
                throw new MalformedException("a field runs past the end of its message");
            }
            position += count;
        }

        private void expect(int tag, int wireType) {
            if ((tag & 7) != wireType) {
                throw new MalformedException("field " + (tag >>> 3) + " has wire type " + (tag & 7) + ", expected "
                        + wireType);
            }
        }

        private long rawVarint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw new MalformedException("a varint runs past the end of its message");
                }
                byte b = bytes[position++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new MalformedException("a varint longer than 10 bytes");
        }
    }
}
