package dev.ecsdeploy.image.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP framing against a unix-socket server in the test that reads the request byte by byte (chunked decoding
 * included) and answers with raw bytes, so both directions are checked as they are on the wire.
 */
class EngineHttpTest {
    @TempDir
    Path temp;
    private ServerSocketChannel server;
    private Path socket;

    @BeforeEach
    void listen() throws IOException {
        socket = temp.resolve("engine.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** What the server read: the head's lines and the body, chunked coding removed. */
    record Received(List<String> head, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Accepts one connection; answers with {@code response} once it has read the head (and the body if asked). */
    private CompletableFuture<Received> serve(String response, boolean answerBeforeBody) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel client = server.accept()) {
                InputStream in = new EngineHttp.ChannelInput(client);
                List<String> head = new ArrayList<>();
                String line;
                while (!(line = EngineHttp.readLine(in)).isEmpty()) {
                    head.add(line);
                }
                if (answerBeforeBody) {
                    write(client, response);
                }
                byte[] body = new byte[0];
                if (head.contains("Transfer-Encoding: chunked")) {
                    body = new EngineHttp.ChunkedInput(in).readAllBytes();
                } else {
                    for (String header : head) {
                        if (header.startsWith("Content-Length: ")) {
                            body = in.readNBytes(Integer.parseInt(header.substring(16)));
                        }
                    }
                }
                if (!answerBeforeBody) {
                    write(client, response);
                }
                return new Received(head, body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    private static void write(SocketChannel client, String response) throws IOException {
        var out = new EngineHttp.ChannelOutput(client);
        out.write(response.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private SocketChannel connect() throws IOException {
        return EngineAddress.from(Map.of("DOCKER_HOST", "unix://" + socket)).connect(Duration.ofSeconds(2));
    }

    @Test
    void aStreamedBodyGoesOutChunkedAsItIsWrittenAndArrivesWhole() throws Exception {
        CompletableFuture<Received> received = serve("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        byte[] big = new byte[200_000]; // more than one 64 KiB chunk
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        try (SocketChannel channel = connect();
             EngineHttp.Response response = EngineHttp.exchange(channel, "docker", EngineHttp.Request.post(
                     "/v1.41/build?t=a%2Fb", Map.of("Content-Type", "application/x-tar"), out -> {
                         out.write("first ".getBytes(StandardCharsets.UTF_8));
                         out.flush();
                         out.write(big);
                     }))) {
            assertEquals(200, response.status());
            assertEquals("ok", response.text());
        }
        Received request = received.get(5, TimeUnit.SECONDS);
        assertEquals("POST /v1.41/build?t=a%2Fb HTTP/1.1", request.head().getFirst());
        assertTrue(request.head().containsAll(List.of("Host: docker", "Content-Type: application/x-tar",
                "Transfer-Encoding: chunked")), request.head().toString());
        assertEquals(6 + big.length, request.body().length);
        assertEquals("first " + new String(big, StandardCharsets.UTF_8), request.text());
    }

    @Test
    void theAnswerIsReadWhileTheBodyIsStillBeingWritten() throws Exception {
        // The engine answers (progress, or an error) before it has the whole context: the exchange must not wait.
        CompletableFuture<Received> received = serve("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n", true);
        CountDownLatch answered = new CountDownLatch(1);
        try (SocketChannel channel = connect();
             EngineHttp.Response response = EngineHttp.exchange(channel, "docker", EngineHttp.Request.post("/x",
                     Map.of(), out -> {
                         out.write("part one;".getBytes(StandardCharsets.UTF_8));
                         out.flush();
                         try {
                             if (!answered.await(5, TimeUnit.SECONDS)) {
                                 throw new IOException("the answer was not read while the body was open");
                             }
                         } catch (InterruptedException e) {
                             throw new IOException(e);
                         }
                         out.write("part two".getBytes(StandardCharsets.UTF_8));
                     }))) {
            assertEquals(200, response.status());
            answered.countDown();
            assertEquals("hello", response.text());
            assertEquals("part one;part two", received.get(5, TimeUnit.SECONDS).text());
        }
    }

    @Test
    void aShortBodyGoesWithItsContentLength() throws Exception {
        CompletableFuture<Received> received = serve("HTTP/1.1 204 No Content\r\n\r\n", false);
        try (SocketChannel channel = connect();
             EngineHttp.Response response = EngineHttp.exchange(channel, "docker", EngineHttp.Request.post("/auth",
                     Map.of("Content-Type", "application/json"), null), "{\"a\":1}".getBytes(StandardCharsets.UTF_8))) {
            assertEquals(204, response.status());
            assertEquals("", response.text());
        }
        Received request = received.get(5, TimeUnit.SECONDS);
        assertTrue(request.head().contains("Content-Length: 7"), request.head().toString());
        assertEquals("{\"a\":1}", request.text());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "content-length | HTTP/1.1 200 OK\\r\\nContent-Length: 11\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello world",
            "chunked        | HTTP/1.1 200 OK\\r\\ntransfer-encoding: chunked\\r\\n\\r\\n6\\r\\nhello \\r\\n5;ext=1\\r\\nworld\\r\\n0\\r\\nX-Trailer: y\\r\\n\\r\\n",
            "until close    | HTTP/1.1 200 OK\\r\\nConnection: close\\r\\n\\r\\nhello world",
            "after continue | HTTP/1.1 100 Continue\\r\\n\\r\\nHTTP/1.1 200 OK\\r\\nContent-Length: 11\\r\\n\\r\\nhello world",
    })
    void aBodyIsReadAsItsResponseFramesIt(String framing, String response) throws Exception {
        serve(response.replace("\\r\\n", "\r\n"), false);
        try (SocketChannel channel = connect();
             EngineHttp.Response answer = EngineHttp.exchange(channel, "docker", EngineHttp.Request.get("/version"))) {
            assertEquals(200, answer.status());
            assertEquals("hello world", answer.text());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "short content  | HTTP/1.1 200 OK\\r\\nContent-Length: 50\\r\\n\\r\\nhello",
            "cut chunk      | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n20\\r\\nhello",
            "no last chunk  | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5\\r\\nhello\\r\\n",
    })
    void aBodyCutShortIsAnErrorNotAShortAnswer(String framing, String response) throws Exception {
        serve(response.replace("\\r\\n", "\r\n"), false);
        try (SocketChannel channel = connect();
             EngineHttp.Response answer = EngineHttp.exchange(channel, "docker", EngineHttp.Request.get("/version"))) {
            assertThrows(EOFException.class, answer::text);
        }
    }

    @Test
    void messagesSplitAcrossChunksArriveWholeAndInOrder() throws Exception {
        String stream = "{\"stream\":\"Step 1\"}\r\n{\"aux\":{\"ID\":\"sha256:abc\"}}\n{\"stream\":\"done\"}";
        StringBuilder chunks = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int at = 0; at < stream.length(); at += 7) {
            String piece = stream.substring(at, Math.min(stream.length(), at + 7));
            chunks.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
        }
        serve(chunks.append("0\r\n\r\n").toString(), false);
        List<String> messages = new ArrayList<>();
        try (SocketChannel channel = connect();
             EngineHttp.Response answer = EngineHttp.exchange(channel, "docker", EngineHttp.Request.get("/x"))) {
            assertEquals(3, JsonMessages.forEach(answer.body(), message -> messages.add(message.toString())));
        }
        assertEquals(List.of("{\"stream\":\"Step 1\"}", "{\"aux\":{\"ID\":\"sha256:abc\"}}", "{\"stream\":\"done\"}"),
                messages);
    }

    @Test
    void aDeadlineClosesACallTheEngineNeverAnswers() throws Exception {
        CompletableFuture.runAsync(() -> {
            try (SocketChannel client = server.accept()) {
                Thread.sleep(5000);
            } catch (IOException | InterruptedException ignored) {
                // the client gives up first
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        long started = System.nanoTime();
        try (SocketChannel channel = connect();
             ChannelGuard guard = ChannelGuard.start(channel, Duration.ofMillis(300), null, null)) {
            assertThrows(IOException.class, () -> EngineHttp.exchange(channel, "docker",
                    EngineHttp.Request.get("/version")));
            assertTrue(guard.expired());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds < 2, "ended after " + seconds + " s");
    }

    @Test
    void aCancellationRunsItsHookThenClosesTheStream() throws Exception {
        CompletableFuture.runAsync(() -> {
            try (SocketChannel client = server.accept()) {
                write(client, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{}\n\r\n");
                Thread.sleep(5000);
            } catch (IOException | InterruptedException ignored) {
                // the client gives up first
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        dev.ecsdeploy.pipeline.Cancellation cancellation = new dev.ecsdeploy.pipeline.Cancellation();
        boolean[] hook = {false};
        try (SocketChannel channel = connect();
             ChannelGuard guard = ChannelGuard.start(channel, null, cancellation, () -> hook[0] = true);
             EngineHttp.Response answer = EngineHttp.exchange(channel, "docker", EngineHttp.Request.get("/x"))) {
            List<String> seen = new ArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    // cancel at once then
                }
                cancellation.cancel("SIGTERM");
            });
            assertThrows(IOException.class, () -> JsonMessages.forEach(answer.body(), m -> seen.add(m.toString())));
            assertEquals(List.of("{}"), seen, "the message before the cancellation was delivered");
            assertTrue(guard.cancelled() && hook[0]);
        }
    }

    @Test
    void aBodyThatCannotBeProducedIsTheReportedCause() throws Exception {
        CompletableFuture.runAsync(() -> {
            try (SocketChannel client = server.accept()) {
                new EngineHttp.ChannelInput(client).transferTo(new ByteArrayOutputStream());
            } catch (IOException ignored) {
                // the client cut the upload
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        try (SocketChannel channel = connect()) {
            IOException e = assertThrows(IOException.class, () -> EngineHttp.exchange(channel, "docker",
                    EngineHttp.Request.post("/build", Map.of(), out -> {
                        out.write("some".getBytes(StandardCharsets.UTF_8));
                        throw new IOException("Permission denied: src/secret.key");
                    })));
            assertTrue(e instanceof EngineHttp.BodyFailedException, e.toString());
            assertEquals("Permission denied: src/secret.key", e.getMessage());
        }
    }

    @Test
    void queryValuesAreEncodedAndRepeatedForLists() {
        Map<String, Object> parameters = EngineHttp.parameters();
        parameters.put("t", List.of("127.0.0.1:5000/a/b:v1", "x:latest"));
        parameters.put("buildargs", "{\"A\":\"x y&z\"}");
        parameters.put("target", null);
        assertEquals("?t=127.0.0.1%3A5000%2Fa%2Fb%3Av1&t=x%3Alatest&buildargs=%7B%22A%22%3A%22x%20y%26z%22%7D",
                EngineHttp.query(parameters));
    }
}
