package dev.ecsdeploy.aws;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** Image references and whether the caller's ECR registry holds them. */
public final class EcrImages {
    private static final Pattern ECR_HOST =
            Pattern.compile("(\\d{12})\\.dkr\\.ecr(-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

    private EcrImages() {
    }

    /** {@code host/repository:tag} or {@code host/repository@sha256:...}, split. */
    public record ImageName(String host, String repository, String tag, String digest) {
        public static ImageName parse(String image) {
            String rest = image;
            String digest = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            int slash = rest.indexOf('/');
            String host = slash > 0 && (rest.substring(0, slash).contains(".") || rest.substring(0, slash).contains(":")
                    || rest.startsWith("localhost/")) ? rest.substring(0, slash) : null;
            String path = host == null ? rest : rest.substring(slash + 1);
            String tag = null;
            int colon = path.lastIndexOf(':');
            if (colon > 0) {
                tag = path.substring(colon + 1);
                path = path.substring(0, colon);
            }
            return new ImageName(host, path, tag == null && digest == null ? "latest" : tag, digest);
        }
    }

    /** The registry host ECR serves the caller from (the sandbox's registry when one fronts it). */
    public static String registryHost(EcrClient ecr) {
        String endpoint = ecr.getAuthorizationToken().authorizationData().getFirst().proxyEndpoint();
        URI uri = URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    public static boolean isEcrHost(String host) {
        return host != null && ECR_HOST.matcher(host).matches();
    }

    /** The account id in an ECR host, when it is one. */
    public static Optional<String> accountOf(String host) {
        Matcher matcher = host == null ? null : ECR_HOST.matcher(host);
        return matcher != null && matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The image's details, or empty when the repository or the tag/digest does not exist. */
    public static Optional<ImageDetail> find(EcrClient ecr, ImageName image) {
        try {
            return ecr.describeImages(r -> r.repositoryName(image.repository())
                            .registryId(accountOf(image.host()).orElse(null))
                            .imageIds(id -> id.imageTag(image.digest() == null ? image.tag() : null)
                                    .imageDigest(image.digest())))
                    .imageDetails().stream().findFirst();
        } catch (ImageNotFoundException | RepositoryNotFoundException e) {
            return Optional.empty();
        }
    }
}
