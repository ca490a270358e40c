package dev.ecsdeploy.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.aws.EcrImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Looks an ECR image up the way the ECS agent will pull it: BatchGetImage in the registry the host names, accepting
 * indexes and single manifests; for a single manifest, its config blob (os, architecture) from the registry's v2 API
 * with ECR's authorization token, as docker reads it.
 */
final class ImageFacts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** What the registry said: missing (with why), or the platforms it offers (empty when it could not tell). */
    record Found(String missing, List<String> platforms) {
    }

    private final EcrClient ecr;
    // Made when a blob is first fetched: building one starts a selector thread and loads the JDK's trust store, which
    // an index, a missing image or a registry that answers BatchGetImage alone never needs.
    private HttpClient http;
    private AuthorizationData authorization;

    ImageFacts(EcrClient ecr) {
        this.ecr = ecr;
    }

    Found look(EcrImages.ImageName image) {
        String registryId = EcrImages.accountOf(image.host()).orElse(null);
        BatchGetImageResponse response;
        try {
            response = ecr.batchGetImage(r -> r.registryId(registryId).repositoryName(image.repository())
                    .acceptedMediaTypes(accepted())
                    .imageIds(id -> id.imageTag(image.digest() == null ? image.tag() : null)
                            .imageDigest(image.digest())));
        } catch (RepositoryNotFoundException e) {
            return new Found("ECR has no repository " + image.repository() + (registryId == null ? ""
                    : " in registry " + registryId), List.of());
        }
        if (response.images().isEmpty()) {
            ImageFailure failure = response.failures().isEmpty() ? null : response.failures().getFirst();
            return new Found("the repository " + image.repository() + " has no " + (image.digest() != null
                    ? "image " + image.digest() : "tag " + image.tag()) + (failure == null ? ""
                    : " (" + failure.failureCodeAsString() + ")"), List.of());
        }
        Image found = response.images().getFirst();
        return new Found(null, platforms(image, found));
    }

    private List<String> platforms(EcrImages.ImageName image, Image found) {
        try {
            JsonNode manifest = JSON.readTree(found.imageManifest());
            String mediaType = found.imageManifestMediaType() != null ? found.imageManifestMediaType()
                    : manifest.path("mediaType").asText("");
            if (ImagePlatforms.INDEX_TYPES.contains(mediaType)) {
                return ImagePlatforms.ofIndex(manifest);
            }
            String config = manifest.path("config").path("digest").asText(null);
            return config == null ? List.of() : blob(image.repository(), config)
                    .map(blob -> List.of(ImagePlatforms.ofConfig(blob))).orElse(List.of());
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A blob through the registry API; an S3 redirect (real ECR) is followed without the registry's credentials. */
    private Optional<JsonNode> blob(String repository, String digest) {
        try {
            if (authorization == null) {
                authorization = ecr.getAuthorizationToken().authorizationData().getFirst();
            }
            URI uri = URI.create(authorization.proxyEndpoint() + "/v2/" + repository + "/blobs/" + digest);
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                        .build();
            }
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Authorization", "Basic " + authorization.authorizationToken()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 == 3 && response.headers().firstValue("Location").isPresent()) {
                response = http.send(HttpRequest.newBuilder(uri.resolve(response.headers().firstValue("Location")
                        .get())).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static List<String> accepted() {
        List<String> types = new ArrayList<>(ImagePlatforms.INDEX_TYPES);
        types.addAll(ImagePlatforms.MANIFEST_TYPES);
        return types;
    }
}
