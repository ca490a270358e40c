package dev.ecsdeploy.image.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where the Docker engine's API listens, read from the run's environment as the Docker CLI reads it: a unix socket
 * (the default, {@code /var/run/docker.sock}, which the runner mounts into container actions) or plain
 * {@code tcp://host:port}. TLS, ssh and named pipes are the CLI's business: for those the action is pointed at a CLI.
 *
 * @param unixSocket the socket file, or null for tcp
 * @param host       the tcp host, or null for a unix socket
 * @param port       the tcp port
 */
public record EngineAddress(Path unixSocket, String host, int port) {
    public static final String DEFAULT_SOCKET = "/var/run/docker.sock";
    // Docker's own default for a plain tcp:// address without a port.
    private static final int DEFAULT_TCP_PORT = 2375;
    private static final String USE_CLI = "set ECS_DEPLOY_DOCKER to a Docker CLI (e.g. /usr/bin/docker), which"
            + " speaks it";

    /** The engine named by {@code DOCKER_HOST} & co; an address the API client cannot speak is an exception. */
    public static EngineAddress from(Map<String, String> env) {
        String tlsVerify = env.get("DOCKER_TLS_VERIFY");
        if (tlsVerify != null && !tlsVerify.isBlank()) {
            throw new UnsupportedAddressException("DOCKER_TLS_VERIFY is set: the action's Docker Engine API client"
                    + " speaks plain HTTP only, not TLS; " + USE_CLI);
        }
        String certPath = env.get("DOCKER_CERT_PATH");
        if (certPath != null && !certPath.isBlank()) {
            throw new UnsupportedAddressException("DOCKER_CERT_PATH is set: the action's Docker Engine API client"
                    + " does not use TLS client certificates; " + USE_CLI);
        }
        String context = env.get("DOCKER_CONTEXT");
        if (context != null && !context.isBlank() && !"default".equals(context.trim())) {
            throw new UnsupportedAddressException("DOCKER_CONTEXT is " + context.trim() + ": the action's Docker"
                    + " Engine API client reads DOCKER_HOST, not Docker contexts; set DOCKER_HOST, or " + USE_CLI);
        }
        String given = env.get("DOCKER_HOST");
        if (given == null || given.isBlank()) {
            return new EngineAddress(Path.of(DEFAULT_SOCKET), null, 0);
        }
        String value = given.trim();
        int separator = value.indexOf("://");
        // As the CLI does: an address without a scheme is tcp.
        String scheme = separator < 0 ? "tcp" : value.substring(0, separator).toLowerCase(java.util.Locale.ROOT);
        String rest = separator < 0 ? value : value.substring(separator + 3);
        return switch (scheme) {
            case "unix" -> {
                if (rest.isEmpty() || !rest.startsWith("/")) {
                    throw new UnsupportedAddressException("DOCKER_HOST=" + value + " names no socket file: write"
                            + " unix:///path/to/docker.sock");
                }
                yield new EngineAddress(Path.of(rest), null, 0);
            }
            case "tcp", "http" -> tcp(value, rest);
            default -> throw new UnsupportedAddressException("DOCKER_HOST=" + value + ": the action's Docker Engine"
                    + " API client speaks to unix:// sockets and plain tcp:// only, not " + scheme + "://; "
                    + USE_CLI);
        };
    }

    private static EngineAddress tcp(String value, String rest) {
        String authority = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw badTcp(value);
            }
            host = authority.substring(1, close);
            if (close + 1 < authority.length()) {
                if (authority.charAt(close + 1) != ':') {
                    throw badTcp(value);
                }
                port = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty() || host.contains("/")) {
            throw badTcp(value);
        }
        int number = DEFAULT_TCP_PORT;
        if (port != null) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw badTcp(value);
            }
            if (number < 1 || number > 65535) {
                throw badTcp(value);
            }
        }
        return new EngineAddress(null, host, number);
    }

    private static UnsupportedAddressException badTcp(String value) {
        return new UnsupportedAddressException("DOCKER_HOST=" + value + " is not host:port: write tcp://HOST:PORT"
                + " or unix:///path/to/docker.sock");
    }

    /** As {@code DOCKER_HOST} would say it. */
    public String describe() {
        if (unixSocket != null) {
            return "unix://" + unixSocket;
        }
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The {@code Host} header: a unix socket has no host name, so the Docker CLI's placeholder. */
    public String hostHeader() {
        return unixSocket != null ? "docker" : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** A connected, blocking channel to the engine, or an {@link IOException} after at most {@code timeout}. */
    public SocketChannel connect(Duration timeout) throws IOException {
        if (unixSocket != null) {
            // A unix socket connects at once or fails at once (no such file, nobody listening).
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(unixSocket));
                return channel;
            } catch (IOException e) {
                channel.close();
                throw new IOException("cannot connect to " + describe() + ": " + e.getMessage(), e);
            }
        }
        SocketChannel channel = SocketChannel.open();
        try (Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            if (!channel.connect(new InetSocketAddress(host, port))) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                if (selector.select(Math.max(1, timeout.toMillis())) == 0) {
                    throw new IOException("connect timed out after " + timeout.toSeconds() + "s");
                }
                channel.finishConnect();
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot connect to " + describe() + ": " + e.getMessage(), e);
        }
        // Deregistered when the selector closed; a channel must be free of selectors to block again.
        channel.configureBlocking(true);
        channel.socket().setTcpNoDelay(true);
        return channel;
    }

    /** {@code DOCKER_HOST} (or its company) names an engine the API client cannot speak to: bad configuration. */
    public static final class UnsupportedAddressException extends IllegalArgumentException {
        UnsupportedAddressException(String message) {
            super(message);
        }
    }
}
