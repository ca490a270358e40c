package dev.ecsdeploy.sandbox.ecr;

import static dev.ecsdeploy.sandbox.core.ServedOperation.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.ServedOperation;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.SimClock;
import dev.ecsdeploy.sandbox.core.Wire;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenRequest;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesRequest;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.BatchGetImageRequest;

/**
 * ECR. With a real registry behind it, images are what that registry holds (its v2 API answers DescribeImages and
 * BatchGetImage) and GetAuthorizationToken points docker at it; without one, the world knows only the images it
 * started with.
 */
public final class EcrHandler implements ServiceHandler {
    /**
     * An image the world knows without a registry: an OCI image index naming one platform, so a client can read the
     * architecture from BatchGetImage as it would from a multi-platform image. The digest is the index's SHA-256.
     */
    public record KnownImage(String repository, String tag, String os, String architecture, long size) {
        static final String INDEX = "application/vnd.oci.image.index.v1+json";

        public String manifest() {
            return "{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
                    + sha256(repository + ":" + tag + "/" + architecture) + "\",\"size\":" + size
                    + ",\"platform\":{\"architecture\":\"" + architecture + "\",\"os\":\"" + os + "\"}}]}";
        }

        public String digest() {
            return "sha256:" + sha256(manifest());
        }

        private static String sha256(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Repositories repositories;
    private final RegistryClient registry;
    private final List<KnownImage> knownImages;
    private final SimClock clock;

    public EcrHandler(Repositories repositories, RegistryClient registry, List<KnownImage> knownImages,
                      SimClock clock) {
        this.repositories = repositories;
        this.registry = registry;
        this.knownImages = knownImages;
        this.clock = clock;
    }

    /** Every operation ECR serves here, with the SDK builder that types its request (see RequestValidator). */
    private final Map<String, ServedOperation> operations = ServedOperation.table(
            typed("GetAuthorizationToken", GetAuthorizationTokenRequest::builder, input -> authorizationToken()),
            typed("DescribeRepositories", DescribeRepositoriesRequest::builder, this::describeRepositories),
            typed("CreateRepository", CreateRepositoryRequest::builder, this::createRepository),
            typed("DescribeImages", DescribeImagesRequest::builder, this::describeImages),
            typed("BatchGetImage", BatchGetImageRequest::builder, this::batchGetImage));

    @Override
    public Map<String, ServedOperation> operations() {
        return operations;
    }

    private JsonNode authorizationToken() {
        ObjectNode out = Wire.object();
        ObjectNode data = out.putArray("authorizationData").addObject();
        data.put("authorizationToken", Base64.getEncoder().encodeToString(
                "AWS:sandbox-registry-password".getBytes(StandardCharsets.UTF_8)));
        Wire.putTime(data, "expiresAt", clock.now().plus(Duration.ofHours(12)));
        data.put("proxyEndpoint", "https://" + repositories.host());
        if (registry != null) {
            data.put("proxyEndpoint", "http://" + registry.host());
        }
        return out;
    }

    private JsonNode describeRepositories(JsonNode input) {
        List<String> names = Wire.textList(input, "repositoryNames");
        ObjectNode out = Wire.object();
        ArrayNode list = out.putArray("repositories");
        String registryId = Wire.text(input, "registryId");
        if (names.isEmpty()) {
            if (registryId == null || registryId.equals(registryId())) {
                repositories.all().forEach(r -> list.add(repository(r)));
            }
            return out;
        }
        for (String name : names) {
            list.add(repository(find(input, name)));
        }
        return out;
    }

    /**
     * The repository the request names, in the registry it names: {@code registryId} defaults to this account's,
     * and another account's registry holds nothing the sandbox knows (ECR answers RepositoryNotFoundException).
     */
    private Repositories.Repository find(JsonNode input, String name) {
        String registryId = Wire.text(input, "registryId") == null ? registryId() : Wire.text(input, "registryId");
        Optional<Repositories.Repository> found = registryId.equals(registryId()) ? repositories.find(name)
                : Optional.empty();
        return found.orElseThrow(() -> AwsError.client("RepositoryNotFoundException", "The repository with name '"
                + name + "' does not exist in the registry with id '" + registryId + "'"));
    }

    private String registryId() {
        return repositories.all().isEmpty() ? "" : repositories.all().getFirst().registryId();
    }

    private JsonNode createRepository(JsonNode input) {
        String name = Wire.text(input, "repositoryName");
        if (!name.matches("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*") || name.length() < 2) {
            throw AwsError.client("InvalidParameterException", "Invalid parameter at 'repositoryName' failed to"
                    + " satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*"
                    + "[a-z0-9]+(?:[._-][a-z0-9]+)*''");
        }
        if (repositories.find(name).isPresent()) {
            throw AwsError.client("RepositoryAlreadyExistsException", "The repository with name '" + name
                    + "' already exists in the registry with id '" + registryId() + "'");
        }
        ObjectNode out = Wire.object();
        out.set("repository", repository(repositories.create(name, Wire.text(input, "imageTagMutability"),
                clock.now())));
        return out;
    }

    private static ObjectNode repository(Repositories.Repository repository) {
        ObjectNode json = Wire.object();
        json.put("repositoryArn", repository.arn());
        json.put("registryId", repository.registryId());
        json.put("repositoryName", repository.name());
        json.put("repositoryUri", repository.uri());
        Wire.putTime(json, "createdAt", repository.createdAt());
        json.put("imageTagMutability", repository.tagMutability());
        json.putObject("imageScanningConfiguration").put("scanOnPush", false);
        json.putObject("encryptionConfiguration").put("encryptionType", "AES256");
        return json;
    }

    /** The images of a repository: digest → tags, size, media type. */
    private Map<String, ObjectNode> images(Repositories.Repository repository) {
        Map<String, ObjectNode> byDigest = new LinkedHashMap<>();
        if (registry != null) {
            for (String tag : registry.tags(repository.name())) {
                registry.manifest(repository.name(), tag).ifPresent(manifest -> {
                    ObjectNode detail = byDigest.computeIfAbsent(manifest.digest(), d -> detail(repository, d,
                            manifest.size(), manifest.mediaType()));
                    ((ArrayNode) detail.get("imageTags")).add(tag);
                });
            }
        } else {
            for (KnownImage image : knownImages) {
                if (image.repository().equals(repository.name())) {
                    ObjectNode detail = byDigest.computeIfAbsent(image.digest(), d -> detail(repository, d,
                            image.size(), KnownImage.INDEX));
                    ((ArrayNode) detail.get("imageTags")).add(image.tag());
                }
            }
        }
        return byDigest;
    }

    private ObjectNode detail(Repositories.Repository repository, String digest, long size, String mediaType) {
        ObjectNode json = Wire.object();
        json.put("registryId", repository.registryId());
        json.put("repositoryName", repository.name());
        json.put("imageDigest", digest);
        json.set("imageTags", Wire.array());
        json.put("imageSizeInBytes", size);
        Wire.putTime(json, "imagePushedAt", repository.createdAt());
        json.put("imageManifestMediaType", mediaType);
        json.put("artifactMediaType", "application/vnd.docker.container.image.v1+json");
        return json;
    }

    private Optional<ObjectNode> match(Map<String, ObjectNode> images, JsonNode imageId) {
        String digest = Wire.text(imageId, "imageDigest");
        String tag = Wire.text(imageId, "imageTag");
        return images.values().stream().filter(image -> (digest == null || digest.equals(image.get("imageDigest")
                .asText())) && (tag == null || Wire.textList(image, "imageTags").contains(tag))).findFirst();
    }

    private JsonNode describeImages(JsonNode input) {
        Repositories.Repository repository = find(input, Wire.text(input, "repositoryName"));
        Map<String, ObjectNode> images = images(repository);
        ObjectNode out = Wire.object();
        ArrayNode details = out.putArray("imageDetails");
        if (!input.has("imageIds")) {
            images.values().forEach(details::add);
            return out;
        }
        for (JsonNode imageId : input.get("imageIds")) {
            ObjectNode image = match(images, imageId).orElseThrow(() -> AwsError.client("ImageNotFoundException",
                    "The image with imageId {imageDigest:'" + Wire.text(imageId, "imageDigest") + "', imageTag:'"
                            + Wire.text(imageId, "imageTag") + "'} does not exist within the repository with name '"
                            + repository.name() + "' in the registry with id '" + repository.registryId() + "'"));
            details.add(image);
        }
        return out;
    }

    private JsonNode batchGetImage(JsonNode input) {
        Repositories.Repository repository = find(input, Wire.text(input, "repositoryName"));
        Map<String, ObjectNode> images = images(repository);
        ObjectNode out = Wire.object();
        ArrayNode found = out.putArray("images");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode imageId : input.path("imageIds")) {
            Optional<ObjectNode> image = match(images, imageId);
            if (image.isEmpty()) {
                ObjectNode failure = failures.addObject();
                failure.set("imageId", imageId.deepCopy());
                failure.put("failureCode", "ImageNotFound");
                failure.put("failureReason", "Requested image not found");
                continue;
            }
            String digest = image.get().get("imageDigest").asText();
            ObjectNode json = found.addObject();
            json.put("registryId", repository.registryId());
            json.put("repositoryName", repository.name());
            ObjectNode id = json.putObject("imageId");
            id.put("imageDigest", digest);
            if (imageId.has("imageTag")) {
                id.put("imageTag", imageId.get("imageTag").asText());
            }
            String manifest = registry == null ? knownImages.stream().filter(k -> k.digest().equals(digest))
                    .findFirst().map(KnownImage::manifest).orElse("{}")
                    : registry.manifest(repository.name(), digest).map(RegistryClient.Manifest::body).orElse("{}");
            json.put("imageManifest", manifest);
            json.put("imageManifestMediaType", image.get().get("imageManifestMediaType").asText());
        }
        return out;
    }
}
