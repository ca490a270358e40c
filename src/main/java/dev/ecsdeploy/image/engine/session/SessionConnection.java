package dev.ecsdeploy.image.engine.session;

import static dev.ecsdeploy.image.engine.session.Http2Frames.CANCEL;
import static dev.ecsdeploy.image.engine.session.Http2Frames.COMPRESSION_ERROR;
import static dev.ecsdeploy.image.engine.session.Http2Frames.CONTINUATION;
import static dev.ecsdeploy.image.engine.session.Http2Frames.DATA;
import static dev.ecsdeploy.image.engine.session.Http2Frames.FLAG_ACK;
import static dev.ecsdeploy.image.engine.session.Http2Frames.FLAG_END_HEADERS;
import static dev.ecsdeploy.image.engine.session.Http2Frames.FLAG_END_STREAM;
import static dev.ecsdeploy.image.engine.session.Http2Frames.FLOW_CONTROL_ERROR;
import static dev.ecsdeploy.image.engine.session.Http2Frames.FRAME_SIZE_ERROR;
import static dev.ecsdeploy.image.engine.session.Http2Frames.GOAWAY;
import static dev.ecsdeploy.image.engine.session.Http2Frames.HEADERS;
import static dev.ecsdeploy.image.engine.session.Http2Frames.PING;
import static dev.ecsdeploy.image.engine.session.Http2Frames.PROTOCOL_ERROR;
import static dev.ecsdeploy.image.engine.session.Http2Frames.PUSH_PROMISE;
import static dev.ecsdeploy.image.engine.session.Http2Frames.RST_STREAM;
import static dev.ecsdeploy.image.engine.session.Http2Frames.SETTINGS;
import static dev.ecsdeploy.image.engine.session.Http2Frames.WINDOW_UPDATE;

import dev.ecsdeploy.image.engine.session.GrpcMessages.Answer;
import dev.ecsdeploy.image.engine.session.GrpcMessages.Status;
import dev.ecsdeploy.image.engine.session.Hpack.Header;
import dev.ecsdeploy.image.engine.session.Http2Frames.Content;
import dev.ecsdeploy.image.engine.session.Http2Frames.FrameHeader;
import dev.ecsdeploy.image.engine.session.Http2Frames.PeerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server side of HTTP/2 (RFC 9113) on the session's connection, and gRPC's unary calls on it: the engine is the
 * client and opens one stream per call (headers naming the method, data carrying one framed request); each is
 * answered with headers, the framed message and {@code grpc-status} trailers, or trailers alone for an error.
 *
 * <p>One thread, the session's pump, reads every frame ({@link #serve}); answers are written from the threads the
 * calls run on ({@link Calls}). One lock guards the socket's output and the send windows: a header block or a DATA
 * frame is written whole under it, and an answer that has used up a window waits on it, lock released, until the
 * pump reads the engine's WINDOW_UPDATE. The engine never waits on this side's windows: every DATA frame read is
 * handed back to both at once.
 */
final class SessionConnection {
    /** Hands a complete request on, with where to answer it (from any thread, at most once). */
    interface Calls {
        void complete(String path, byte[] request, Reply reply);
    }

    interface Reply {
        void send(Answer answer);
    }

    /** The most a header block may take, CONTINUATIONs included: gRPC's request headers are a few hundred bytes. */
    private static final int MAX_HEADER_BLOCK = 64 * 1024;

    private final SocketChannel engine;
    private final ByteBuffer in;
    private final Calls calls;
    private final Hpack.Decoder decoder = new Hpack.Decoder(Hpack.DEFAULT_TABLE_SIZE);
    /** The engine's open streams: read by the pump, answers and window updates on any thread. */
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();

    private final ReentrantLock output = new ReentrantLock();
    private final Condition windowOpened = output.newCondition();
    /** Guarded by {@link #output}. */
    private PeerSettings peer = PeerSettings.DEFAULTS;
    /** Guarded by {@link #output}: what this side may still send on the connection. */
    private long connectionWindow = Http2Frames.DEFAULT_WINDOW;
    /** Guarded by {@link #output}: false once the connection ended; answers waiting for a window give up. */
    private boolean open = true;

    /** A header block being read across CONTINUATION frames, or null. */
    private ByteArrayOutputStream headerBlock;
    private FrameHeader headerBlockStart;
    private int lastStream;

    private static final class Stream {
        final int id;
        final String path;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        /** Guarded by the connection's output lock. */
        long sendWindow;
        boolean requestComplete;
        /** Guarded by the connection's output lock: the engine reset it, or its answer is written. */
        boolean done;

        Stream(int id, String path, long sendWindow) {
            this.id = id;
            this.path = path;
            this.sendWindow = sendWindow;
        }
    }

    /** A connection error (RFC 9113 section 5.4.1): answered with GOAWAY, then the connection ends. */
    private static final class ConnectionError extends Exception {
        final int code;

        ConnectionError(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /**
     * @param alreadyRead what was read past the upgrade's 101: the start of HTTP/2
     */
    SessionConnection(SocketChannel engine, ByteBuffer alreadyRead, Calls calls) {
        this.engine = engine;
        this.calls = calls;
        this.in = ByteBuffer.allocate(Math.max(64 * 1024, alreadyRead.remaining()));
        this.in.put(alreadyRead).flip();
    }

    /**
     * Serves the connection on the calling thread until the engine closes it or says GOAWAY (a normal return), or it
     * breaks (IOException). A protocol error is answered with GOAWAY and ends it too.
     */
    void serve() throws IOException {
        try {
            write(SETTINGS, 0, 0, new byte[0]);
            byte[] preface = new byte[Http2Frames.CLIENT_PREFACE.length];
            if (!readFully(preface)) {
                return;
            }
            if (!Arrays.equals(preface, Http2Frames.CLIENT_PREFACE)) {
                throw new ConnectionError(PROTOCOL_ERROR, "the engine did not start HTTP/2 with the client preface");
            }
            byte[] header = new byte[Http2Frames.HEADER_LENGTH];
            while (readFully(header)) {
                FrameHeader frame = Http2Frames.parseHeader(header);
                if (frame.length() > Http2Frames.DEFAULT_MAX_FRAME_SIZE) {
                    throw new ConnectionError(FRAME_SIZE_ERROR, "a frame of " + frame.length() + " bytes");
                }
                byte[] payload = new byte[frame.length()];
                if (!readFully(payload)) {
                    return;
                }
                if (!frame(frame, payload)) {
                    return;
                }
            }
        } catch (ConnectionError e) {
            write(GOAWAY, 0, 0, Http2Frames.ints(lastStream, e.code));
        } finally {
            end();
        }
    }

    /** Ends the connection for the answers still waiting on it; the socket is its owner's to close. */
    void end() {
        output.lock();
        try {
            open = false;
            windowOpened.signalAll();
        } finally {
            output.unlock();
        }
    }

    /** Handles one frame; false when it ends the connection (GOAWAY). */
    private boolean frame(FrameHeader frame, byte[] payload) throws IOException, ConnectionError {
        if (headerBlock != null && (frame.type() != CONTINUATION || frame.stream() != headerBlockStart.stream())) {
            throw new ConnectionError(PROTOCOL_ERROR, "a header block interrupted by another frame");
        }
        switch (frame.type()) {
            case DATA -> data(frame, payload);
            case HEADERS -> headers(frame, payload);
            case CONTINUATION -> continuation(frame, payload);
            case RST_STREAM -> reset(frame.stream());
            case SETTINGS -> settings(frame, payload);
            case PING -> {
                if (payload.length != 8) {
                    throw new ConnectionError(FRAME_SIZE_ERROR, "a PING of " + payload.length + " bytes");
                }
                if (!frame.has(FLAG_ACK)) {
                    write(PING, FLAG_ACK, 0, payload);
                }
            }
            case WINDOW_UPDATE -> windowUpdate(frame, payload);
            case GOAWAY -> {
                return false;
            }
            case PUSH_PROMISE -> throw new ConnectionError(PROTOCOL_ERROR, "a client sent PUSH_PROMISE");
            default -> {
                // PRIORITY and unknown types change nothing here (RFC 9113 sections 5.5 and 6.3).
            }
        }
        return true;
    }

    private void headers(FrameHeader frame, byte[] payload) throws IOException, ConnectionError {
        if (frame.stream() == 0) {
            throw new ConnectionError(PROTOCOL_ERROR, "HEADERS on stream 0");
        }
        Content content = content(frame, payload);
        headerBlock = new ByteArrayOutputStream();
        headerBlockStart = frame;
        headerBlock.write(payload, content.offset(), content.length());
        if (frame.has(FLAG_END_HEADERS)) {
            headerBlockEnded();
        }
    }

    private void continuation(FrameHeader frame, byte[] payload) throws IOException, ConnectionError {
        if (headerBlock == null) {
            throw new ConnectionError(PROTOCOL_ERROR, "CONTINUATION without HEADERS");
        }
        if (headerBlock.size() + payload.length > MAX_HEADER_BLOCK) {
            throw new ConnectionError(PROTOCOL_ERROR, "a header block over " + MAX_HEADER_BLOCK + " bytes");
        }
        headerBlock.write(payload, 0, payload.length);
        if (frame.has(FLAG_END_HEADERS)) {
            headerBlockEnded();
        }
    }

    private void headerBlockEnded() throws IOException, ConnectionError {
        FrameHeader frame = headerBlockStart;
        byte[] block = headerBlock.toByteArray();
        headerBlock = null;
        headerBlockStart = null;
        List<Header> headers;
        try {
            // Every block is decoded, a stream's trailers too: the engine's table changes with each.
            headers = decoder.decode(block);
        } catch (IllegalArgumentException e) {
            throw new ConnectionError(COMPRESSION_ERROR, e.getMessage());
        }
        Stream stream = streams.get(frame.stream());
        if (stream == null) {
            if (frame.stream() <= lastStream) {
                // A stream this side already answered, or one the engine reset: nothing is left to do with it.
                return;
            }
            lastStream = frame.stream();
            String path = "";
            for (Header header : headers) {
                if (header.name().equals(":path")) {
                    path = header.value();
                }
            }
            stream = new Stream(frame.stream(), path, initialSendWindow());
            streams.put(stream.id, stream);
        }
        // A second header block is the client's trailers: unary calls send none, and they end the request all the same.
        if (frame.has(FLAG_END_STREAM)) {
            complete(stream);
        }
    }

    private void data(FrameHeader frame, byte[] payload) throws IOException, ConnectionError {
        if (frame.stream() == 0) {
            throw new ConnectionError(PROTOCOL_ERROR, "DATA on stream 0");
        }
        Content content = content(frame, payload);
        Stream stream = streams.get(frame.stream());
        boolean more = stream != null && !stream.requestComplete && !frame.has(FLAG_END_STREAM);
        // What is read is handed back to the windows at once, padding included: the engine never waits on this side.
        if (payload.length > 0) {
            write(WINDOW_UPDATE, 0, 0, Http2Frames.ints(payload.length));
            if (more) {
                write(WINDOW_UPDATE, 0, frame.stream(), Http2Frames.ints(payload.length));
            }
        }
        if (stream == null || stream.requestComplete) {
            return;
        }
        if (stream.body.size() + content.length() > GrpcMessages.MAX_REQUEST) {
            stream.requestComplete = true;
            answer(stream, Answer.error(Status.RESOURCE_EXHAUSTED, "request over " + GrpcMessages.MAX_REQUEST
                    + " bytes"));
            write(RST_STREAM, 0, stream.id, Http2Frames.ints(CANCEL));
            return;
        }
        stream.body.write(payload, content.offset(), content.length());
        if (frame.has(FLAG_END_STREAM)) {
            complete(stream);
        }
    }

    private void complete(Stream stream) {
        if (stream.requestComplete) {
            return;
        }
        stream.requestComplete = true;
        byte[] request;
        try {
            request = GrpcMessages.unframe(stream.body.toByteArray());
        } catch (IllegalArgumentException e) {
            answer(stream, Answer.error(Status.INVALID_ARGUMENT, e.getMessage()));
            return;
        }
        calls.complete(stream.path, request, answer -> answer(stream, answer));
    }

    private void reset(int id) {
        Stream stream = streams.remove(id);
        if (stream != null) {
            output.lock();
            try {
                stream.done = true;
                windowOpened.signalAll();
            } finally {
                output.unlock();
            }
        }
    }

    private void settings(FrameHeader frame, byte[] payload) throws IOException, ConnectionError {
        if (frame.stream() != 0) {
            throw new ConnectionError(PROTOCOL_ERROR, "SETTINGS on a stream");
        }
        if (frame.has(FLAG_ACK)) {
            return;
        }
        output.lock();
        try {
            PeerSettings next;
            try {
                next = Http2Frames.applySettings(peer, payload);
            } catch (Http2Frames.FrameError e) {
                throw new ConnectionError(e.code, e.getMessage());
            }
            // A new initial window moves every open stream's window by the difference (RFC 9113 section 6.9.2).
            long delta = (long) next.initialWindow() - peer.initialWindow();
            for (Stream stream : streams.values()) {
                stream.sendWindow += delta;
            }
            peer = next;
            writeLocked(Http2Frames.frame(SETTINGS, FLAG_ACK, 0, new byte[0]));
            windowOpened.signalAll();
        } finally {
            output.unlock();
        }
    }

    private void windowUpdate(FrameHeader frame, byte[] payload) throws IOException, ConnectionError {
        if (payload.length != 4) {
            throw new ConnectionError(FRAME_SIZE_ERROR, "a WINDOW_UPDATE of " + payload.length + " bytes");
        }
        int increment = ByteBuffer.wrap(payload).getInt() & 0x7fff_ffff;
        output.lock();
        try {
            if (frame.stream() == 0) {
                if (increment == 0 || connectionWindow + increment > Http2Frames.MAX_WINDOW) {
                    throw new ConnectionError(increment == 0 ? PROTOCOL_ERROR : FLOW_CONTROL_ERROR,
                            "a connection WINDOW_UPDATE of " + increment);
                }
                connectionWindow += increment;
            } else {
                Stream stream = streams.get(frame.stream());
                if (stream != null) {
                    if (increment == 0 || stream.sendWindow + increment > Http2Frames.MAX_WINDOW) {
                        // A stream error: that call is given up, the rest go on.
                        stream.done = true;
                        streams.remove(stream.id);
                        writeLocked(Http2Frames.frame(RST_STREAM, 0, stream.id, Http2Frames.ints(
                                increment == 0 ? PROTOCOL_ERROR : FLOW_CONTROL_ERROR)));
                    } else {
                        stream.sendWindow += increment;
                    }
                }
            }
            windowOpened.signalAll();
        } finally {
            output.unlock();
        }
    }

    /**
     * Writes a call's answer: headers, the message in DATA frames no larger than the engine allows and within its
     * windows (waiting for WINDOW_UPDATEs as needed), then the trailers; or trailers alone for an error. Nothing once
     * the stream was reset or the connection ended. Never throws: a broken connection is the pump's to notice.
     */
    private void answer(Stream stream, Answer answer) {
        output.lock();
        try {
            if (!open || stream.done) {
                return;
            }
            List<Header> headers = new ArrayList<>(List.of(new Header(":status", "200"),
                    new Header("content-type", "application/grpc")));
            if (answer.status() != Status.OK) {
                // Trailers-only: an error is one header block that ends the stream.
                headers.add(new Header("grpc-status", Integer.toString(answer.status().code)));
                if (!answer.description().isEmpty()) {
                    headers.add(new Header("grpc-message", GrpcMessages.percentEncode(answer.description())));
                }
                writeHeaderBlock(stream.id, Hpack.encode(headers), true);
                return;
            }
            writeHeaderBlock(stream.id, Hpack.encode(headers), false);
            byte[] body = GrpcMessages.frame(answer.message());
            int sent = 0;
            while (sent < body.length) {
                int length = Http2Frames.nextDataLength(body.length - sent, peer.maxFrameSize(), connectionWindow,
                        stream.sendWindow);
                if (length == 0) {
                    windowOpened.await();
                    if (!open || stream.done) {
                        return;
                    }
                    continue;
                }
                writeLocked(Http2Frames.frame(DATA, 0, stream.id, body, sent, length));
                sent += length;
                connectionWindow -= length;
                stream.sendWindow -= length;
            }
            writeHeaderBlock(stream.id, Hpack.encode(List.of(new Header("grpc-status", "0"))), true);
        } catch (IOException e) {
            // The connection broke: the pump's read ends the session.
            open = false;
            windowOpened.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.done = true;
            streams.remove(stream.id);
            output.unlock();
        }
    }

    /** A header block in HEADERS and, past the engine's frame size, CONTINUATION frames. Holds the lock. */
    private void writeHeaderBlock(int stream, byte[] block, boolean endStream) throws IOException {
        int max = peer.maxFrameSize();
        int first = Math.min(block.length, max);
        int flags = (endStream ? FLAG_END_STREAM : 0) | (first == block.length ? FLAG_END_HEADERS : 0);
        writeLocked(Http2Frames.frame(HEADERS, flags, stream, block, 0, first));
        for (int sent = first; sent < block.length; ) {
            int length = Math.min(block.length - sent, max);
            writeLocked(Http2Frames.frame(CONTINUATION, sent + length == block.length ? FLAG_END_HEADERS : 0,
                    stream, block, sent, length));
            sent += length;
        }
    }

    private long initialSendWindow() {
        output.lock();
        try {
            return peer.initialWindow();
        } finally {
            output.unlock();
        }
    }

    private static Content content(FrameHeader frame, byte[] payload) throws ConnectionError {
        try {
            return Http2Frames.content(frame, payload);
        } catch (Http2Frames.FrameError e) {
            throw new ConnectionError(e.code, e.getMessage());
        }
    }

    private void write(int type, int flags, int stream, byte[] payload) throws IOException {
        output.lock();
        try {
            writeLocked(Http2Frames.frame(type, flags, stream, payload));
        } finally {
            output.unlock();
        }
    }

    private void writeLocked(ByteBuffer frame) throws IOException {
        while (frame.hasRemaining()) {
            engine.write(frame);
        }
    }

    /** Fills {@code into} from the connection; false when the engine closed it first. */
    private boolean readFully(byte[] into) throws IOException {
        int filled = 0;
        while (filled < into.length) {
            if (!in.hasRemaining()) {
                in.clear();
                int read = engine.read(in);
                in.flip();
                if (read < 0) {
                    return false;
                }
                continue;
            }
            int length = Math.min(in.remaining(), into.length - filled);
            in.get(into, filled, length);
            filled += length;
        }
        return true;
    }
}
