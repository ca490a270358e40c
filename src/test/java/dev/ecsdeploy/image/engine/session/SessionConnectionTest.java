package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.image.engine.session.GrpcMessages.Answer;
import dev.ecsdeploy.image.engine.session.GrpcMessages.Status;
import dev.ecsdeploy.image.engine.session.Hpack.Header;
import dev.ecsdeploy.image.engine.session.Http2Frames.FrameHeader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session's HTTP/2 server side on a real loopback connection, driven frame by frame by a client written here:
 * the parts of RFC 9113 the engine's Go client may use but rarely does (CONTINUATION, padding, priority, a small or
 * zero window, a large frame size, RST_STREAM while an answer waits, a protocol error). The engine itself is in
 * BuildSessionSecretsTest.
 */
class SessionConnectionTest {
    private static final String ECHO = "/test.Echo/Echo";
    private static final String BIG = "/test.Echo/Big";
    private static final String SLOW = "/test.Echo/Slow";
    private static final int BIG_SIZE = 40_000;

    private ServerSocketChannel listener;
    private SocketChannel served;
    private Socket client;
    private DataInputStream fromServer;
    private OutputStream toServer;
    private SessionConnection connection;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CompletableFuture<Void> slowReleased = new CompletableFuture<>();
    private final CompletableFuture<Void> slowAnswered = new CompletableFuture<>();
    private final Hpack.Decoder responses = new Hpack.Decoder(Hpack.DEFAULT_TABLE_SIZE);
    private final List<Frame> skipped = new ArrayList<>();

    record Frame(FrameHeader header, byte[] payload) {
    }

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = new Socket();
        client.connect(listener.getLocalAddress());
        client.setSoTimeout(5000);
        served = listener.accept();
        fromServer = new DataInputStream(client.getInputStream());
        toServer = client.getOutputStream();
        // The preface's first bytes arrive with the upgrade's answer: what the session read past the 101.
        ByteBuffer alreadyRead = ByteBuffer.wrap(Arrays.copyOf(Http2Frames.CLIENT_PREFACE, 5));
        connection = new SessionConnection(served, alreadyRead, (path, request, reply) -> Thread.ofVirtual().start(() -> {
            switch (path) {
                case ECHO -> reply.send(Answer.ok(request));
                case BIG -> reply.send(Answer.ok(big()));
                case SLOW -> {
                    slowReleased.join();
                    reply.send(Answer.ok(big()));
                    slowAnswered.complete(null);
                }
                default -> reply.send(Answer.error(Status.UNIMPLEMENTED, "unknown method " + path));
            }
        }));
        Thread.ofPlatform().daemon().start(() -> {
            try {
                connection.serve();
                ended.complete(null);
            } catch (IOException e) {
                ended.completeExceptionally(e);
            }
        });
        toServer.write(Http2Frames.CLIENT_PREFACE, 5, Http2Frames.CLIENT_PREFACE.length - 5);
    }

    @AfterEach
    void close() throws IOException {
        slowReleased.complete(null);
        client.close();
        served.close();
        listener.close();
    }

    private static byte[] big() {
        byte[] message = new byte[BIG_SIZE];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        return message;
    }

    private void send(int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer frame = Http2Frames.frame(type, flags, stream, payload);
        toServer.write(frame.array(), 0, frame.limit());
    }

    private Frame read() throws IOException {
        byte[] header = new byte[Http2Frames.HEADER_LENGTH];
        fromServer.readFully(header);
        FrameHeader parsed = Http2Frames.parseHeader(header);
        byte[] payload = new byte[parsed.length()];
        fromServer.readFully(payload);
        return new Frame(parsed, payload);
    }

    /** Frames until one of {@code type} on {@code stream}; the DATA frames skipped are kept in {@link #skipped}. */
    private Frame readUntil(int type, int stream) throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.header().type() == type && frame.header().stream() == stream) {
                return frame;
            }
            if (frame.header().type() == Http2Frames.DATA) {
                skipped.add(frame);
            }
        }
    }

    private static byte[] requestBlock(String path) {
        return Hpack.encode(List.of(new Header(":method", "POST"), new Header(":scheme", "http"),
                new Header(":path", path), new Header(":authority", "localhost"),
                new Header("content-type", "application/grpc"), new Header("te", "trailers")));
    }

    private void handshake(byte[] settings) throws IOException {
        send(Http2Frames.SETTINGS, 0, 0, settings);
        Frame first = read();
        assertEquals(Http2Frames.SETTINGS, first.header().type(), "the server's SETTINGS come first");
        assertFalse(first.header().has(Http2Frames.FLAG_ACK));
        send(Http2Frames.SETTINGS, Http2Frames.FLAG_ACK, 0, new byte[0]);
        Frame ack = read();
        assertEquals(Http2Frames.SETTINGS, ack.header().type());
        assertTrue(ack.header().has(Http2Frames.FLAG_ACK), "the client's SETTINGS are acknowledged");
    }

    private void call(int stream, String path, byte[] message) throws IOException {
        send(Http2Frames.HEADERS, Http2Frames.FLAG_END_HEADERS, stream, requestBlock(path));
        send(Http2Frames.DATA, Http2Frames.FLAG_END_STREAM, stream, GrpcMessages.frame(message));
    }

    /** The DATA of one answer up to its trailers, which must say grpc-status 0. */
    private byte[] answerBody(int stream, int maxFrame) throws IOException {
        List<Header> headers = responses.decode(readUntil(Http2Frames.HEADERS, stream).payload());
        assertEquals(List.of(new Header(":status", "200"), new Header("content-type", "application/grpc")), headers);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            Frame frame = read();
            if (frame.header().stream() != stream) {
                if (frame.header().type() == Http2Frames.DATA) {
                    skipped.add(frame);
                }
                continue;
            }
            if (frame.header().type() == Http2Frames.HEADERS) {
                assertTrue(frame.header().has(Http2Frames.FLAG_END_STREAM));
                assertEquals(List.of(new Header("grpc-status", "0")), responses.decode(frame.payload()));
                return GrpcMessages.unframe(body.toByteArray());
            }
            assertEquals(Http2Frames.DATA, frame.header().type());
            assertTrue(frame.payload().length <= maxFrame, "a DATA frame of " + frame.payload().length);
            body.writeBytes(frame.payload());
        }
    }

    @Test
    void aRequestInPaddedPrioritisedHeadersWithContinuationAndPaddedDataIsAnswered() throws IOException {
        handshake(new byte[0]);
        byte[] block = requestBlock(ECHO);
        int half = block.length / 2;
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        headers.write(3);
        headers.writeBytes(new byte[] {0, 0, 0, 0, 16});
        headers.write(block, 0, half);
        headers.writeBytes(new byte[3]);
        send(Http2Frames.HEADERS, Http2Frames.FLAG_PADDED | Http2Frames.FLAG_PRIORITY, 1, headers.toByteArray());
        send(Http2Frames.CONTINUATION, Http2Frames.FLAG_END_HEADERS, 1, Arrays.copyOfRange(block, half, block.length));
        byte[] framed = GrpcMessages.frame(new byte[] {1, 2, 3});
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(4);
        data.writeBytes(framed);
        data.writeBytes(new byte[4]);
        send(Http2Frames.DATA, Http2Frames.FLAG_PADDED | Http2Frames.FLAG_END_STREAM, 1, data.toByteArray());
        Frame update = readUntil(Http2Frames.WINDOW_UPDATE, 0);
        assertEquals(data.size(), ByteBuffer.wrap(update.payload()).getInt(), "the padding is handed back too");
        assertArrayEquals(new byte[] {1, 2, 3}, answerBody(1, Http2Frames.DEFAULT_MAX_FRAME_SIZE));
    }

    @Test
    void aPingIsAcknowledgedWithItsPayload() throws IOException {
        handshake(new byte[0]);
        byte[] opaque = {1, 2, 3, 4, 5, 6, 7, 8};
        send(Http2Frames.PING, 0, 0, opaque);
        Frame ack = readUntil(Http2Frames.PING, 0);
        assertTrue(ack.header().has(Http2Frames.FLAG_ACK));
        assertArrayEquals(opaque, ack.payload());
    }

    @Test
    void anAnswerStopsAtTheWindowAndGoesOnAfterAWindowUpdate() throws Exception {
        handshake(settings(4, 1000));
        call(1, BIG, new byte[0]);
        responses.decode(readUntil(Http2Frames.HEADERS, 1).payload());
        int received = 0;
        while (received < 1000) {
            Frame frame = readUntil(Http2Frames.DATA, 1);
            received += frame.payload().length;
        }
        assertEquals(1000, received, "no more than the stream's window");
        Thread.sleep(300);
        assertEquals(0, fromServer.available(), "nothing more until the window opens");
        // The connection's window (65535) is not the limit here: the stream's is.
        send(Http2Frames.WINDOW_UPDATE, 0, 1, Http2Frames.ints(1 << 20));
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        while (true) {
            Frame frame = read();
            if (frame.header().type() == Http2Frames.HEADERS) {
                assertEquals(List.of(new Header("grpc-status", "0")), responses.decode(frame.payload()));
                break;
            }
            assertTrue(frame.payload().length <= Http2Frames.DEFAULT_MAX_FRAME_SIZE);
            rest.writeBytes(frame.payload());
        }
        assertEquals(BIG_SIZE + 5 - 1000, rest.size());
    }

    @Test
    void aLargerMaxFrameSizeIsUsedAndTheConnectionWindowIsKeptTo() throws Exception {
        handshake(settings(5, 1 << 20));
        call(1, BIG, new byte[0]);
        call(3, BIG, new byte[0]);
        // Two answers of 40005 bytes against a connection window of 65535: one frame for the first answer whole, one
        // for the 25530 bytes left of the window, then the rest waits for a connection update.
        int total = 0;
        int frames = 0;
        while (total < 65535) {
            Frame frame = read();
            if (frame.header().type() == Http2Frames.DATA) {
                total += frame.payload().length;
                frames++;
            } else if (frame.header().type() == Http2Frames.HEADERS) {
                responses.decode(frame.payload());
            }
        }
        assertEquals(2, frames, "frames as large as the windows allow");
        assertEquals(65535, total);
        Thread.sleep(300);
        assertEquals(0, fromServer.available(), "the connection's window is used up");
        send(Http2Frames.WINDOW_UPDATE, 0, 0, Http2Frames.ints(1 << 20));
        int more = 0;
        while (more < 2 * (BIG_SIZE + 5) - 65535) {
            Frame frame = read();
            if (frame.header().type() == Http2Frames.DATA) {
                more += frame.payload().length;
            } else if (frame.header().type() == Http2Frames.HEADERS) {
                responses.decode(frame.payload());
            }
        }
        assertEquals(2 * (BIG_SIZE + 5) - 65535, more);
    }

    @Test
    void aStreamResetWhileItsAnswerWaitsIsDroppedAndOthersGoOn() throws Exception {
        handshake(settings(4, 0));
        call(1, SLOW, new byte[0]);
        send(Http2Frames.RST_STREAM, 0, 1, Http2Frames.ints(Http2Frames.CANCEL));
        slowReleased.complete(null);
        slowAnswered.get(5, TimeUnit.SECONDS);
        send(Http2Frames.SETTINGS, 0, 0, settings(4, 65535));
        call(3, ECHO, new byte[] {9});
        assertArrayEquals(new byte[] {9}, answerBody(3, Http2Frames.DEFAULT_MAX_FRAME_SIZE));
        assertEquals(List.of(), skipped, "no DATA for the reset stream, though its window opened");
    }

    @Test
    void anAnswerWaitingOnAZeroWindowGivesUpWhenTheConnectionEnds() throws Exception {
        handshake(settings(4, 0));
        call(1, SLOW, new byte[0]);
        slowReleased.complete(null);
        responses.decode(readUntil(Http2Frames.HEADERS, 1).payload());
        Thread.sleep(200);
        assertFalse(slowAnswered.isDone(), "the answer waits for the window");
        client.close();
        ended.get(5, TimeUnit.SECONDS);
        slowAnswered.get(5, TimeUnit.SECONDS);
    }

    @Test
    void anUnknownMethodIsTrailersOnlyUnimplemented() throws IOException {
        handshake(new byte[0]);
        call(1, "/test.Echo/Nope", new byte[0]);
        Frame frame = readUntil(Http2Frames.HEADERS, 1);
        assertTrue(frame.header().has(Http2Frames.FLAG_END_STREAM));
        assertEquals(List.of(new Header(":status", "200"), new Header("content-type", "application/grpc"),
                new Header("grpc-status", "12"), new Header("grpc-message", "unknown method /test.Echo/Nope")),
                responses.decode(frame.payload()));
    }

    @Test
    void aProtocolErrorIsAnsweredWithGoawayAndEndsTheConnection() throws Exception {
        handshake(new byte[0]);
        send(Http2Frames.DATA, 0, 0, new byte[] {1});
        Frame goaway = readUntil(Http2Frames.GOAWAY, 0);
        assertEquals(Http2Frames.PROTOCOL_ERROR, ByteBuffer.wrap(goaway.payload()).getInt(4));
        ended.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aGoawayFromTheEngineEndsTheConnectionQuietly() throws Exception {
        handshake(new byte[0]);
        send(Http2Frames.GOAWAY, 0, 0, Http2Frames.ints(0, Http2Frames.NO_ERROR));
        ended.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aHeaderBlockInterruptedByAnotherFrameIsAProtocolError() throws Exception {
        handshake(new byte[0]);
        send(Http2Frames.HEADERS, 0, 1, requestBlock(ECHO));
        send(Http2Frames.PING, 0, 0, new byte[8]);
        Frame goaway = readUntil(Http2Frames.GOAWAY, 0);
        assertEquals(Http2Frames.PROTOCOL_ERROR, ByteBuffer.wrap(goaway.payload()).getInt(4));
        ended.get(5, TimeUnit.SECONDS);
    }

    private static byte[] settings(int id, int value) {
        return ByteBuffer.allocate(6).putShort((short) id).putInt(value).array();
    }
}
