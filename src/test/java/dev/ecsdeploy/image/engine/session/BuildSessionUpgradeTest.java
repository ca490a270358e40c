package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.image.engine.session.BuildSessionSecretsTest.RecordingServices;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code open} does when the other end is not an engine that upgrades: it never answers, or it hangs up. Such a
 * peer cannot be the real engine, so a socket in a temporary directory plays it; everything the engine does say is
 * proved against the real one in {@link BuildSessionSecretsTest}.
 */
class BuildSessionUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void anEngineThatNeverAnswersIsGivenUpOnInBoundedTime() throws Exception {
        try (ServerSocketChannel silent = listen()) {
            SocketChannel engine = connect();
            try (SocketChannel accepted = silent.accept()) {
                long start = System.nanoTime();
                IOException refused = assertThrows(IOException.class, () -> BuildSession.open(engine,
                        EngineWire.API, new RecordingServices(), Duration.ofMillis(500)));
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertEquals("the engine did not answer POST /session within 0 s", refused.getMessage());
                assertTrue(millis < 3000, "open took " + millis + " ms");
                assertFalse(engine.isOpen(), "the channel was left open");
                // The request went out whole before the wait.
                ByteBuffer request = ByteBuffer.allocate(4096);
                accepted.read(request);
                assertTrue(new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII)
                        .startsWith("POST /v1.41/session HTTP/1.1\r\n"));
            }
        }
    }

    @Test
    void anEngineThatHangsUpBeforeAnsweringIsAnIoException() throws Exception {
        try (ServerSocketChannel hangsUp = listen()) {
            SocketChannel engine = connect();
            hangsUp.accept().close();
            IOException refused = assertThrows(IOException.class,
                    () -> BuildSession.open(engine, EngineWire.API, new RecordingServices()));
            // EOF on the read, or a broken pipe on the write: which one comes first is the kernel's race.
            assertTrue(refused.getMessage().startsWith(
                    "the engine closed the connection without answering POST /session"), refused.getMessage());
            assertFalse(engine.isOpen());
        }
    }

    private ServerSocketChannel listen() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("engine.sock")));
        return server;
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(dir.resolve("engine.sock")));
        return channel;
    }
}
