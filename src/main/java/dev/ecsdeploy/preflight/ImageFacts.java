package dev.ecsdeploy.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.aws.EcrImages;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
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

    /**
     * A blob through the registry API; an S3 redirect (real ECR) is followed without the registry's credentials.
     * java.net's URL connection, not java.net.http: the image's runtime carries only java.base's HTTP (the SDK's
     * client is the URL connection one too), and nothing is set up before the first blob is asked for.
     */
    private Optional<JsonNode> blob(String repository, String digest) {
        try {
            if (authorization == null) {
                authorization = ecr.getAuthorizationToken().authorizationData().getFirst();
            }
            URI uri = URI.create(authorization.proxyEndpoint() + "/v2/" + repository + "/blobs/" + digest);
            HttpURLConnection connection = get(uri, "Basic " + authorization.authorizationToken());
            int status = connection.getResponseCode();
            String location = connection.getHeaderField("Location");
            if (status / 100 == 3 && location != null) {
                connection.disconnect();
                connection = get(uri.resolve(location), null);
                status = connection.getResponseCode();
            }
            if (status != 200) {
                connection.disconnect();
                return Optional.empty();
            }
            try (InputStream body = connection.getInputStream()) {
                return Optional.of(JSON.readTree(body));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static HttpURLConnection get(URI uri, String authorization) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout((int) TIMEOUT.toMillis());
        connection.setReadTimeout((int) TIMEOUT.toMillis());
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        return connection;
    }

    private static List<String> accepted() {
        List<String> types = new ArrayList<>(ImagePlatforms.INDEX_TYPES);
        types.addAll(ImagePlatforms.MANIFEST_TYPES);
        return types;
    }
}
