package dev.ecsdeploy.image.engine.session;

import dev.ecsdeploy.image.engine.session.SessionConnection.Reply;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A BuildKit session with the Docker engine: {@code POST /session} upgrades one engine connection to HTTP/2 (h2c), and
 * the engine then calls this side's gRPC services on it (auth, secrets, health) while a build that names the session
 * runs.
 *
 * <p>HTTP/2 is this package's own server side ({@link SessionConnection}, with {@link Hpack}): the engine is the client
 * and every call is unary with a small message, so the few parts of RFC 9113 a session uses are less code than a
 * general HTTP/2 library costs the image. One daemon pump thread reads the engine's connection (opened, and its
 * HTTP/1.1 upgrade spoken, by plain NIO); every call is answered on a virtual thread of its own, so a slow credentials
 * lookup holds up neither the health checks BuildKit sends every second nor the pump, which must go on reading the
 * WINDOW_UPDATEs a large answer waits for.
 */
public final class BuildSession implements AutoCloseable {
    /** How long {@link #open} waits for the engine's 101 before it gives the connection up. */
    static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #close} waits for the pump thread to end once the connection is closed. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** BuildKit shows a session's name in its debug log; the Docker CLI sends its context directory's. */
    private static final String NAME = "ecs-deploy-action";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HUNG_UP = "the engine closed the connection without answering POST /session";

    private final String id;
    private final SocketChannel engine;
    private final SessionServices services;
    private final CompletableFuture<Void> upgraded = new CompletableFuture<>();
    private final Map<String, LongAdder> answered = new ConcurrentHashMap<>();
    private volatile SessionConnection connection;
    private volatile boolean closed;
    private Thread pump;

    private BuildSession(String id, SocketChannel engine, SessionServices services) {
        this.id = id;
        this.engine = engine;
        this.services = services;
    }

    /**
     * Upgrades {@code engine} (a fresh, connected, blocking channel to the engine) with {@code POST <apiPrefix>/session}
     * and serves {@code services} on it from a daemon thread until closed. Returns once the engine has answered 101
     * (within {@link #UPGRADE_TIMEOUT}); an engine that refuses, or answers nothing in time, is an IOException naming
     * what it said, and the channel is closed.
     *
     * @param apiPrefix the API version path prefix, e.g. {@code /v1.41}
     */
    public static BuildSession open(SocketChannel engine, String apiPrefix, SessionServices services)
            throws IOException {
        return open(engine, apiPrefix, services, UPGRADE_TIMEOUT);
    }

    static BuildSession open(SocketChannel engine, String apiPrefix, SessionServices services,
            Duration upgradeTimeout) throws IOException {
        Objects.requireNonNull(services, "services");
        if (!engine.isBlocking()) {
            throw new IllegalArgumentException("the engine channel must be in blocking mode");
        }
        BuildSession session = new BuildSession(newId(), engine, services);
        session.start(SessionUpgrade.request(apiPrefix, session.id, NAME, session.id, SessionMethods.SERVED),
                upgradeTimeout);
        return session;
    }

    /** The id a build names in {@code POST /build?session=}. */
    public String id() {
        return id;
    }

    /**
     * Ends the session and closes its connection: the engine forgets the session at once, so a build step that asks
     * it for a secret or a credential after this fails. Returns within a few seconds; never throws.
     */
    @Override
    public void close() {
        closed = true;
        // Closing the channel is what unblocks the pump's read (and a write the engine is not reading).
        closeQuietly();
        Thread thread = pump;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the session is still being served: false once closed or once the engine dropped the connection. */
    boolean serving() {
        Thread thread = pump;
        return !closed && thread != null && thread.isAlive();
    }

    /** How many calls of a method (its gRPC path) were answered. */
    long answered(String method) {
        LongAdder count = answered.get(method);
        return count == null ? 0 : count.sum();
    }

    private void start(byte[] request, Duration upgradeTimeout) throws IOException {
        pump = Thread.ofPlatform().daemon().name("buildkit-session-" + id).unstarted(() -> run(request));
        pump.start();
        try {
            upgraded.get(upgradeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IOException("the engine did not answer POST /session within " + upgradeTimeout.toSeconds()
                    + " s");
        } catch (ExecutionException e) {
            close();
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening the build session");
        }
    }

    private void run(byte[] request) {
        try {
            ByteBuffer afterHead = upgrade(request);
            upgraded.complete(null);
            serve(afterHead);
        } catch (IOException | RuntimeException | LinkageError e) {
            // Before the 101 this is open's answer; after it, the connection broke or was closed: the session is over,
            // and what a build still using it says is BuildKit's to tell. (A LinkageError is a class the shrunk jar
            // lacks: open names it at once rather than after its timeout, and no trace reaches the log.)
            upgraded.completeExceptionally(e);
        } finally {
            closeQuietly();
            SessionConnection ended = connection;
            if (ended != null) {
                ended.end();
            }
        }
    }

    /** Sends the upgrade request and reads the answer's head; returns the bytes read past it (HTTP/2 already). */
    private ByteBuffer upgrade(byte[] request) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
            upgradeIo(() -> engine.write(out));
        }
        ByteBuffer in = ByteBuffer.allocate(SessionUpgrade.MAX_HEAD);
        int end;
        while ((end = SessionUpgrade.headEnd(in.array(), in.position())) < 0) {
            if (!in.hasRemaining()) {
                throw new IOException("the engine's answer to POST /session has no end within "
                        + SessionUpgrade.MAX_HEAD + " bytes");
            }
            if (upgradeIo(() -> engine.read(in)) < 0) {
                throw new IOException(HUNG_UP);
            }
        }
        String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
        int status;
        try {
            status = SessionUpgrade.status(head);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        if (status != 101) {
            throw new IOException(SessionUpgrade.refusal(status, body(in, end, SessionUpgrade.contentLength(head))));
        }
        return ByteBuffer.wrap(in.array(), end, in.position() - end);
    }

    private interface Io {
        int run() throws IOException;
    }

    /** One read or write of the upgrade: "Broken pipe" or "Connection reset" alone would not say which exchange broke. */
    private int upgradeIo(Io io) throws IOException {
        try {
            return io.run();
        } catch (IOException e) {
            if (closed) {
                throw e;
            }
            throw new IOException(HUNG_UP + " (" + e.getMessage() + ")", e);
        }
    }

    /** The start of a refusal's body (the engine's JSON error), as much as its length says, up to 4 KiB. */
    private String body(ByteBuffer in, int headEnd, int contentLength) throws IOException {
        int wanted = Math.min(contentLength < 0 ? 0 : contentLength, 4096);
        ByteBuffer body = ByteBuffer.allocate(wanted);
        ByteBuffer already = ByteBuffer.wrap(in.array(), headEnd, Math.min(in.position() - headEnd, wanted));
        body.put(already);
        while (body.hasRemaining() && engine.read(body) >= 0) {
            // reading what the length promised
        }
        return new String(body.array(), 0, body.position(), StandardCharsets.UTF_8);
    }

    private void serve(ByteBuffer afterHead) throws IOException {
        SessionConnection served = new SessionConnection(engine, afterHead, this::call);
        connection = served;
        if (!closed) {
            served.serve();
        }
    }

    /** A complete request, answered on a virtual thread of its own. */
    private void call(String path, byte[] request, Reply reply) {
        Thread.ofVirtual().name("buildkit-session-call").start(() -> {
            reply.send(SessionMethods.answer(path, request, services));
            answered.computeIfAbsent(path, key -> new LongAdder()).increment();
        });
    }

    private void closeQuietly() {
        try {
            engine.close();
        } catch (IOException e) {
            // Closing is all that was asked; there is nothing to tell.
        }
    }

    /** 25 base-36 characters from 128 random bits, the shape of BuildKit's own session ids. */
    private static String newId() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        String id = new BigInteger(1, bits).toString(36);
        return "0".repeat(25 - id.length()) + id;
    }
}
