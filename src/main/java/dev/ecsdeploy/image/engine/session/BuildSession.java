package dev.ecsdeploy.image.engine.session;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * A BuildKit session with the Docker engine: {@code POST /session} upgrades one engine connection to HTTP/2 (h2c), and
 * the engine then calls this side's gRPC services on it (auth, secrets, health) while a build that names the session
 * runs. SEAM (to be written on branch session): signatures fixed, bodies not yet.
 */
public final class BuildSession implements AutoCloseable {
    private BuildSession() {
    }

    /**
     * Upgrades {@code engine} (a fresh, connected, blocking channel to the engine) with {@code POST <apiPrefix>/session}
     * and serves {@code services} on it from a daemon thread until closed.
     *
     * @param apiPrefix the API version path prefix, e.g. {@code /v1.41}
     */
    public static BuildSession open(SocketChannel engine, String apiPrefix, SessionServices services)
            throws IOException {
        throw new UnsupportedOperationException("branch session");
    }

    /** The id a build names in {@code POST /build?session=}. */
    public String id() {
        throw new UnsupportedOperationException("branch session");
    }

    /** Ends the session and closes its connection. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("branch session");
    }
}
