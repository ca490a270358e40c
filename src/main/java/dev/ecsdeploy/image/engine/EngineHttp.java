package dev.ecsdeploy.image.engine;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over one connected channel to the Docker engine: one exchange per connection (the engine's streaming
 * endpoints end with the connection anyway). The JDK's HttpClient cannot speak over a unix socket, and the engine
 * needs only this much: a request with its body streamed in chunks while it is produced (a build context is written as
 * it is sent, no temp file), and a response body framed by Content-Length, chunks, or the connection's end.
 *
 * <p>The request body is written on its own thread while this one reads the response, because the engine may answer
 * (an error, or progress) before it has read the whole body. Timeouts and cancellation close the channel from outside
 * ({@link ChannelGuard}): a blocked read or write then fails at once.
 */
public final class EngineHttp {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int BUFFER = 64 * 1024;

    private EngineHttp() {
    }

    /** Writes a request body to the stream it is given (chunked on the wire; not closed by the writer). */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * One request. {@code target} is the path and query, already encoded; {@code body} is null for none, else sent
     * with {@code Transfer-Encoding: chunked}.
     */
    public record Request(String method, String target, Map<String, String> headers, Body body) {
        public static Request get(String target) {
            return new Request("GET", target, Map.of(), null);
        }

        public static Request post(String target, Map<String, String> headers, Body body) {
            return new Request("POST", target, headers, body);
        }
    }

    /** Sends {@code request} on {@code channel} and reads the response's head; the body is read from the response. */
    public static Response exchange(SocketChannel channel, String hostHeader, Request request) throws IOException {
        return exchange(channel, hostHeader, request, null);
    }

    /**
     * As {@link #exchange(SocketChannel, String, Request)}, with a short body known in full ({@code content}, sent
     * with its Content-Length) instead of the request's streamed one.
     */
    public static Response exchange(SocketChannel channel, String hostHeader, Request request, byte[] content)
            throws IOException {
        if (content != null && request.body() != null) {
            throw new IllegalArgumentException("a request has either content or a streamed body");
        }
        OutputStream out = new ChannelOutput(channel);
        out.write(head(hostHeader, request, content == null ? -1 : content.length)
                .getBytes(StandardCharsets.ISO_8859_1));
        if (content != null) {
            out.write(content);
        }
        out.flush();
        BodyWriter writer = null;
        if (request.body() != null) {
            writer = new BodyWriter(channel, out, request.body());
            Thread.ofVirtual().name("engine-request-body").start(writer);
        }
        InputStream in = new java.io.BufferedInputStream(new ChannelInput(channel), BUFFER);
        try {
            return readHead(in, request.method(), channel, writer);
        } catch (IOException e) {
            channel.close();
            if (writer != null && writer.failure() != null) {
                // The body could not be produced (an unreadable context file): that is the cause, not the hang-up.
                throw new BodyFailedException(writer.failure());
            }
            throw e;
        }
    }

    /** The request line and headers as sent: Host, and Transfer-Encoding when there is a body. */
    static String head(String hostHeader, Request request, int contentLength) {
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader).append("\r\n");
        head.append("User-Agent: ecs-deploy-action\r\n");
        request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (contentLength >= 0) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        } else if (request.body() != null) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if ("POST".equals(request.method()) || "PUT".equals(request.method())) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString();
    }

    private static Response readHead(InputStream in, String method, SocketChannel channel, BodyWriter writer)
            throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new EOFException("the engine closed the connection without answering");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + printable(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + printable(statusLine));
        }
        // 1xx (100 Continue) precede the real answer.
        if (status >= 100 && status < 200 && status != 101) {
            while (!readLine(in).isEmpty()) {
                // headers of the interim response
            }
            return readHead(in, method, channel, writer);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int size = statusLine.length();
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            size += line.length();
            if (size > MAX_HEAD) {
                throw new IOException("the response head is larger than " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not an HTTP header: " + printable(line));
            }
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        return new Response(status, parts.length > 2 ? parts[2] : "", headers, body(in, method, status, headers),
                channel, writer);
    }

    private static InputStream body(InputStream in, String method, int status, Map<String, List<String>> headers)
            throws IOException {
        if ("HEAD".equals(method) || status == 204 || status == 304 || status == 101) {
            return status == 101 ? in : InputStream.nullInputStream();
        }
        List<String> encoding = headers.get("Transfer-Encoding");
        if (encoding != null && encoding.getLast().toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedInput(in);
        }
        List<String> length = headers.get("Content-Length");
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.getFirst());
            } catch (NumberFormatException e) {
                throw new IOException("not a Content-Length: " + printable(length.getFirst()));
            }
            return new LimitedInput(in, bytes);
        }
        return in; // until the connection closes
    }

    /** A line ending in CRLF (or LF), without it; null at the end of the stream before any byte. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_HEAD) {
                throw new IOException("a response line is longer than " + MAX_HEAD + " bytes");
            }
            line.write(b);
        }
        if (line.size() == 0) {
            return null;
        }
        throw new EOFException("the engine closed the connection mid-line");
    }

    private static String printable(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A response: status, headers, and its body, framed. Closing it closes the connection. */
    public static final class Response implements Closeable {
        private final int status;
        private final String reason;
        private final Map<String, List<String>> headers;
        private final InputStream body;
        private final SocketChannel channel;
        private final BodyWriter writer;

        Response(int status, String reason, Map<String, List<String>> headers, InputStream body,
                 SocketChannel channel, BodyWriter writer) {
            this.status = status;
            this.reason = reason;
            this.headers = headers;
            this.body = body;
            this.channel = channel;
            this.writer = writer;
        }

        public int status() {
            return status;
        }

        public String reason() {
            return reason;
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The header's first value, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.getFirst();
        }

        public Map<String, List<String>> headers() {
            return headers;
        }

        /** The body, as framed by the response (ends where the body ends). */
        public InputStream body() {
            return body;
        }

        /** The whole body as text (for short answers: versions, errors). */
        public String text() throws IOException {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }

        /**
         * Why the request body could not be sent, or null: a body that failed to be produced (an unreadable file) is
         * worth more than the engine's reply to the truncated upload.
         */
        public IOException bodyFailure() {
            return writer == null ? null : writer.failure();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The request body could not be produced (its writer failed), so the request was cut off. */
    public static final class BodyFailedException extends IOException {
        BodyFailedException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Writes the body, chunked, then the last chunk; on failure closes the channel so the engine sees a cut upload. */
    private static final class BodyWriter implements Runnable {
        private final SocketChannel channel;
        private final OutputStream out;
        private final Body body;
        private volatile IOException failure;

        BodyWriter(SocketChannel channel, OutputStream out, Body body) {
            this.channel = channel;
            this.out = out;
            this.body = body;
        }

        IOException failure() {
            return failure;
        }

        @Override
        public void run() {
            try {
                ChunkedOutput chunked = new ChunkedOutput(out);
                body.writeTo(chunked);
                chunked.finish();
            } catch (IOException e) {
                failure = channel.isOpen() ? e : null; // a closed channel is the reader's decision, not a fault
                closeQuietly();
            } catch (RuntimeException e) {
                failure = new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
                closeQuietly();
            }
        }

        private void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }

    /** Chunked transfer coding out: each write a chunk (buffered to 64 KiB), {@link #finish} the last chunk. */
    static final class ChunkedOutput extends OutputStream {
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER];
        private int count;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.length) {
                flushChunk();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (count == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(length, buffer.length - count);
                System.arraycopy(bytes, offset, buffer, count, n);
                count += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            flushChunk();
            out.flush();
        }

        private void flushChunk() throws IOException {
            if (count == 0) {
                return; // a zero-length chunk would end the body
            }
            out.write((Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(buffer, 0, count);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            count = 0;
        }

        /** The last chunk: the body ends. */
        void finish() throws IOException {
            flushChunk();
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() {
            // the body's end is finish(), written once the writer returns; a writer closing its stream changes nothing
        }
    }

    /** An input stream whose single-byte read is its block read of one byte. */
    abstract static class BlockInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** Chunked transfer coding in: the chunks' data, then the end (trailers skipped). */
    static final class ChunkedInput extends BlockInput {
        private final InputStream in;
        private long left;
        private boolean done;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (done || (left == 0 && !nextChunk())) {
                return -1;
            }
            int n = in.read(bytes, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new EOFException("the engine closed the connection mid-chunk");
            }
            left -= n;
            if (left == 0) {
                String end = readLine(in);
                if (end == null || !end.isEmpty()) {
                    throw new IOException("a chunk does not end with CRLF");
                }
            }
            return n;
        }

        private boolean nextChunk() throws IOException {
            String size = readLine(in);
            if (size == null) {
                throw new EOFException("the engine closed the connection before the last chunk");
            }
            int extension = size.indexOf(';');
            String hex = (extension < 0 ? size : size.substring(0, extension)).trim();
            try {
                left = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a chunk size: " + printable(size));
            }
            if (left < 0) {
                throw new IOException("not a chunk size: " + printable(size));
            }
            if (left == 0) {
                String trailer;
                while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                    // trailers carry nothing the engine client needs
                }
                done = true;
                return false;
            }
            return true;
        }
    }

    /** A Content-Length body. */
    static final class LimitedInput extends BlockInput {
        private final InputStream in;
        private long left;

        LimitedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (left == 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int n = in.read(bytes, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new EOFException("the engine closed the connection " + left + " bytes before the body's end");
            }
            left -= n;
            return n;
        }
    }

    /**
     * Reads the channel directly. Not {@code Channels.newInputStream}: its streams take the channel's blocking lock,
     * so a read waiting for the answer would hold up the request body being written beside it.
     */
    static final class ChannelInput extends BlockInput {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            return channel.read(ByteBuffer.wrap(bytes, offset, length));
        }
    }

    /** Writes the channel directly, buffered (see {@link ChannelInput} for why not {@code Channels}). */
    static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                flush();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (!buffer.hasRemaining()) {
                    flush();
                }
                int n = Math.min(length, buffer.remaining());
                buffer.put(bytes, offset, n);
                offset += n;
                length -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }

    /** Query parameters, encoded, in order ({@code ?a=1&b=2}); null values are left out. */
    public static String query(Map<String, ?> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            Iterable<?> values = value instanceof List<?> list ? list : List.of(value);
            for (Object each : values) {
                query.append(query.isEmpty() ? '?' : '&').append(encode(name)).append('=')
                        .append(encode(each.toString()));
            }
        });
        return query.toString();
    }

    /** Percent-encodes a path segment or query value (RFC 3986 unreserved characters kept). */
    public static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /** An ordered parameter map, for {@link #query}. */
    public static Map<String, Object> parameters() {
        return new LinkedHashMap<>();
    }
}
