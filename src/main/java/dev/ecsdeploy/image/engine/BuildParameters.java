package dev.ecsdeploy.image.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ecsdeploy.util.Decision;
import java.util.List;
import java.util.Map;

/**
 * One build as {@code POST /build} takes it: everything in the query string, as the Docker CLI sends it with BuildKit
 * ({@code version=2}). Build args, labels and cache sources are JSON in one parameter each; every tag is its own
 * {@code t}.
 *
 * @param dockerfile the Dockerfile's path inside the context archive, or inside the remote context
 * @param remote     a Git or HTTP(S) context the engine fetches itself, or null for a local context (the request body)
 * @param tags       every {@code host/repository:tag} the image gets
 * @param target     the stage to build, or null for the last
 * @param platform   e.g. {@code linux/amd64}, or null
 * @param noCache    build every layer afresh
 * @param buildArgs  build arguments, in order
 * @param labels     image labels
 * @param cacheFrom  images to reuse layers from
 * @param session    the BuildKit session that answers for secrets and registry credentials, or null
 * @param buildId    the id {@code POST /build/cancel} names
 */
@Decision
public record BuildParameters(String dockerfile, String remote, List<String> tags, String target, String platform,
                              boolean noCache, Map<String, String> buildArgs, Map<String, String> labels,
                              List<String> cacheFrom, String session, String buildId) {

    /** The request target: {@code /v1.41/build?version=2&...}. */
    public String requestTarget() {
        Map<String, Object> query = EngineHttp.parameters();
        query.put("version", "2");
        query.put("dockerfile", dockerfile);
        query.put("t", tags);
        query.put("remote", blankToNull(remote));
        query.put("target", blankToNull(target));
        query.put("platform", blankToNull(platform));
        query.put("nocache", noCache ? "1" : null);
        query.put("buildargs", buildArgs.isEmpty() ? null : json(buildArgs));
        query.put("labels", labels.isEmpty() ? null : json(labels));
        query.put("cachefrom", cacheFrom.isEmpty() ? null : json(cacheFrom));
        query.put("session", session);
        query.put("buildid", buildId);
        return DockerEngineApi.API_PREFIX + "/build" + EngineHttp.query(query);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String json(Object value) {
        try {
            return JsonMessages.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
