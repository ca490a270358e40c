package dev.ecsdeploy.sandbox.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.sandbox.core.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Docker Registry HTTP API v2 of the real registry behind the sandbox's ECR (plain HTTP, no auth). */
public final class RegistryClient {
    private static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    /** One manifest: its digest, media type, size (of the manifest and its layers) and raw body. */
    public record Manifest(String digest, String mediaType, long size, String body) {
    }

    private final String host;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public RegistryClient(String host) {
        this.host = host;
    }

    public String host() {
        return host;
    }

    public List<String> tags(String repository) {
        List<String> tags = new ArrayList<>();
        try {
            HttpResponse<String> response = get("/v2/" + repository + "/tags/list", "application/json");
            if (response.statusCode() == 200) {
                JsonNode body = Wire.JSON.readTree(response.body());
                body.path("tags").forEach(tag -> tags.add(tag.asText()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("The registry " + host + " does not answer: " + e.getMessage(), e);
        }
        return tags;
    }

    /** The manifest for a tag or digest, or empty when the registry lacks it. */
    public Optional<Manifest> manifest(String repository, String reference) {
        try {
            HttpResponse<String> response = get("/v2/" + repository + "/manifests/" + reference, ACCEPT);
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            String digest = response.headers().firstValue("Docker-Content-Digest").orElse(reference);
            String mediaType = response.headers().firstValue("Content-Type").orElse(
                    "application/vnd.docker.distribution.manifest.v2+json");
            long size = response.body().length();
            JsonNode json = Wire.JSON.readTree(response.body());
            for (JsonNode layer : json.path("layers")) {
                size += layer.path("size").asLong();
            }
            size += json.path("config").path("size").asLong();
            return Optional.of(new Manifest(digest, mediaType, size, response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("The registry " + host + " does not answer: " + e.getMessage(), e);
        }
    }

    private HttpResponse<String> get(String path, String accept) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + host + path))
                    .timeout(Duration.ofSeconds(5)).header("Accept", accept).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
