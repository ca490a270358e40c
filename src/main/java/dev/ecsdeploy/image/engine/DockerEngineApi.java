package dev.ecsdeploy.image.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.image.engine.session.BuildSession;
import dev.ecsdeploy.image.engine.session.SessionServices;
import dev.ecsdeploy.pipeline.Cancellation;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker engine's API, spoken directly (what {@code docker version}, {@code docker login}, {@code docker build}
 * and {@code docker push} send): the action needs no Docker CLI in its image. Every call has its own connection;
 * calls that answer at once are bounded by {@link #CALL_TIMEOUT}, the streaming ones (build, push) run as long as
 * they stream and end on cancellation.
 */
public final class DockerEngineApi {
    /** The API version every call names: Docker 20.10's, the oldest engine with BuildKit builds over the API. */
    public static final String API_PREFIX = "/v1.41";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    // The engine itself tries the registry for docker login; a registry far away may take a while.
    static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(60);
    // Short: the cancelled run must exit within 10 s, and closing the build's connection stops the build anyway.
    static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern API_VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
    private static final Pattern REFERENCE = Pattern.compile("^([a-z0-9._\\-/:\\[\\]]+?)(?::([A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}))?$");

    private final EngineAddress address;

    public DockerEngineApi(EngineAddress address) {
        this.address = address;
    }

    public EngineAddress address() {
        return address;
    }

    /** What {@code GET /version} says. */
    public record Version(String version, String apiVersion, String os) {
    }

    /** The engine's version; an {@link EngineException} when it does not answer. */
    public Version version() throws EngineException {
        JsonNode body = call(EngineHttp.Request.get("/version"), CALL_TIMEOUT, "GET /version");
        return new Version(body.path("Version").asText(""), body.path("ApiVersion").asText(""),
                body.path("Os").asText(""));
    }

    /** Why the action cannot build on this engine, or null when it can: Linux, and API 1.41 (Docker 20.10) or newer. */
    public static String refusal(Version version) {
        if (!"linux".equalsIgnoreCase(version.os())) {
            return "The Docker engine " + version.version() + " runs " + (version.os().isEmpty() ? "an unknown OS"
                    : version.os()) + " containers; an ECS image for Linux needs a Linux engine";
        }
        Matcher matcher = API_VERSION.matcher(version.apiVersion());
        if (!matcher.find()) {
            return "The Docker engine " + version.version() + " does not say its API version (\""
                    + version.apiVersion() + "\"); the action needs API 1.41 (Docker 20.10) or newer";
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        if (major < 1 || (major == 1 && minor < 41)) {
            return "The Docker engine " + version.version() + " speaks API " + version.apiVersion() + ", older than"
                    + " the 1.41 (Docker 20.10) the action builds with; update Docker, or set ECS_DEPLOY_DOCKER to a"
                    + " Docker CLI that can use it";
        }
        return null;
    }

    /**
     * What {@code docker login} checks: the engine tries the credentials on the registry ({@code POST /auth}). A
     * refusal is an {@link EngineException} with the registry's reason (status 401 or 500). A cancellation (may be
     * null) ends the wait at once, as an {@link EngineException}: a registry that does not answer would otherwise hold
     * a cancelled run for the whole login timeout, past the runner's kill.
     */
    public void checkLogin(String host, String username, String password, Cancellation cancellation)
            throws EngineException {
        ObjectNode auth = JsonMessages.json().createObjectNode();
        auth.put("username", username);
        auth.put("password", password);
        auth.put("serveraddress", host);
        byte[] body = auth.toString().getBytes(StandardCharsets.UTF_8);
        call(EngineHttp.Request.post(API_PREFIX + "/auth", Map.of("Content-Type", "application/json"), null), body,
                LOGIN_TIMEOUT, cancellation, "docker login " + host);
    }

    /** The id of a local image ({@code GET /images/{name}/json}). */
    public String imageId(String reference) throws EngineException {
        if (!REFERENCE.matcher(reference).matches()) {
            throw new EngineException(400, "\"" + reference + "\" is not an image reference");
        }
        return call(EngineHttp.Request.get(API_PREFIX + "/images/" + reference + "/json"), CALL_TIMEOUT,
                "inspect " + reference).path("Id").asText(null);
    }

    /** How a streaming call ended: the stream's error (null when none), or cancelled. */
    public record StreamEnd(String error, boolean cancelled, String imageId) {
        public boolean ok() {
            return error == null && !cancelled;
        }
    }

    /**
     * Pushes {@code reference} ({@code host/repository:tag}) with the credential for its registry (null:
     * anonymous), the stream rendered by {@link PushProgress} to {@code lines}. A failure the engine or registry
     * reports is in the result; an engine that cannot be reached is an {@link EngineException}.
     */
    public StreamEnd push(String reference, SessionServices.RegistryCredential credential, Consumer<String> lines,
                          Cancellation cancellation) throws EngineException {
        Matcher matcher = REFERENCE.matcher(reference);
        if (!matcher.matches()) {
            throw new EngineException(400, "\"" + reference + "\" is not an image reference");
        }
        String name = matcher.group(1);
        String tag = matcher.group(2) == null ? "latest" : matcher.group(2);
        EngineHttp.Request request = EngineHttp.Request.post(API_PREFIX + "/images/" + name + "/push"
                + EngineHttp.query(Map.of("tag", tag)), Map.of("X-Registry-Auth", registryAuth(credential,
                registryHost(name))), null);
        PushProgress progress = new PushProgress(lines);
        SocketChannel channel = connect("docker push " + reference);
        try (ChannelGuard guard = ChannelGuard.start(channel, null, cancellation, null)) {
            try (EngineHttp.Response response = EngineHttp.exchange(channel, address.hostHeader(), request)) {
                if (!response.ok()) {
                    return new StreamEnd(JsonMessages.errorMessage(response.text()), false, null);
                }
                JsonMessages.forEach(response.body(), progress::accept);
                return new StreamEnd(progress.error(), false, null);
            } catch (IOException e) {
                if (guard.cancelled()) {
                    return new StreamEnd(null, true, null);
                }
                throw new EngineException("the engine's push stream broke: " + e.getMessage(), e);
            }
        } finally {
            closeQuietly(channel);
        }
    }

    /**
     * Builds: {@code context} is the local context's tar (null for a remote context, named in the parameters);
     * {@code services} (null: none) answer for secrets and registry credentials through a BuildKit session on its
     * own connection for the build's lifetime. The stream is rendered by {@link BuildProgress} to {@code lines}. A
     * cancellation asks the engine to cancel the build, then closes the connection, which also ends it.
     */
    public StreamEnd build(BuildParameters parameters, EngineHttp.Body context, SessionServices services,
                           Consumer<String> lines, Cancellation cancellation) throws EngineException {
        String buildId = parameters.buildId() != null ? parameters.buildId() : UUID.randomUUID().toString();
        BuildSession session = null;
        try {
            if (services != null) {
                try {
                    session = BuildSession.open(connect("the build's session"), API_PREFIX, services);
                } catch (IOException e) {
                    throw new EngineException("cannot open a BuildKit session with the engine: " + e.getMessage(), e);
                }
            }
            BuildParameters named = new BuildParameters(parameters.dockerfile(), parameters.remote(),
                    parameters.tags(), parameters.target(), parameters.platform(), parameters.noCache(),
                    parameters.buildArgs(), parameters.labels(), parameters.cacheFrom(),
                    session == null ? null : session.id(), buildId);
            EngineHttp.Request request = EngineHttp.Request.post(named.requestTarget(),
                    context == null ? Map.of() : Map.of("Content-Type", "application/x-tar"), context);
            BuildProgress progress = new BuildProgress(lines);
            SocketChannel channel = connect("docker build");
            try (ChannelGuard guard = ChannelGuard.start(channel, null, cancellation, () -> cancelBuild(buildId))) {
                try (EngineHttp.Response response = EngineHttp.exchange(channel, address.hostHeader(), request)) {
                    if (!response.ok()) {
                        IOException cut = response.bodyFailure();
                        String error = JsonMessages.errorMessage(response.text());
                        return new StreamEnd(cut != null ? cut.getMessage() : error, false, null);
                    }
                    JsonMessages.forEach(response.body(), progress::accept);
                    progress.finish();
                    IOException cut = response.bodyFailure();
                    if (cut != null) {
                        return new StreamEnd("sending the build context failed: " + cut.getMessage(), false, null);
                    }
                    String error = progress.error();
                    return new StreamEnd(error, false, error == null ? progress.imageId() : null);
                } catch (EngineHttp.BodyFailedException e) {
                    return new StreamEnd("sending the build context failed: " + e.getMessage(), false, null);
                } catch (IOException e) {
                    if (guard.cancelled()) {
                        return new StreamEnd(null, true, null);
                    }
                    throw new EngineException("the engine's build stream broke: " + e.getMessage(), e);
                }
            } finally {
                closeQuietly(channel);
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    /** {@code POST /build/cancel}: BuildKit stops the build's steps; best effort, bounded. */
    void cancelBuild(String buildId) {
        try {
            call(EngineHttp.Request.post(API_PREFIX + "/build/cancel" + EngineHttp.query(Map.of("id", buildId)),
                    Map.of(), null), CANCEL_TIMEOUT, "cancel the build");
        } catch (EngineException ignored) {
            // closing the build's connection, which follows, cancels it too
        }
    }

    /** {@code X-Registry-Auth}: base64url of the credential as JSON, or of {@code {}} for anonymous. */
    static String registryAuth(SessionServices.RegistryCredential credential, String host) {
        ObjectNode auth = JsonMessages.json().createObjectNode();
        if (credential != null) {
            auth.put("username", credential.username());
            auth.put("password", credential.secret());
            auth.put("serveraddress", host);
        }
        return Base64.getUrlEncoder().encodeToString(auth.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The registry host of a repository name, as Docker reads it: the first part when it looks like a host. */
    public static String registryHost(String repository) {
        int slash = repository.indexOf('/');
        if (slash > 0) {
            String first = repository.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return "docker.io";
    }

    private SocketChannel connect(String what) throws EngineException {
        return connect(what, CONNECT_TIMEOUT);
    }

    private SocketChannel connect(String what, Duration timeout) throws EngineException {
        try {
            return address.connect(timeout);
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    private JsonNode call(EngineHttp.Request request, Duration timeout, String what) throws EngineException {
        return call(request, null, timeout, null, what);
    }

    /** A call that answers at once with JSON (or nothing), within {@code timeout}, or until cancelled. */
    private JsonNode call(EngineHttp.Request request, byte[] fixedBody, Duration timeout, Cancellation cancellation,
                          String what) throws EngineException {
        SocketChannel channel = connect(what, timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT);
        try (ChannelGuard guard = ChannelGuard.start(channel, timeout, cancellation, null)) {
            try {
                try (EngineHttp.Response response = EngineHttp.exchange(channel, address.hostHeader(), request,
                        fixedBody)) {
                    String text = response.text();
                    if (!response.ok()) {
                        throw new EngineException(response.status(), JsonMessages.errorMessage(text.isBlank()
                                ? response.status() + " " + response.reason() : text));
                    }
                    return text.isBlank() ? JsonMessages.json().createObjectNode() : JsonMessages.json().readTree(text);
                }
            } catch (IOException e) {
                if (guard.expired()) {
                    throw new EngineException(what + ": the engine did not answer within " + timeout.toSeconds()
                            + "s", e);
                }
                if (guard.cancelled()) {
                    throw new EngineException(what + ": cancelled", e);
                }
                throw new EngineException(what + ": " + e.getMessage(), e);
            }
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }
}
