package dev.ecsdeploy.image;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * Docker credentials for an ECR registry, from GetAuthorizationToken: the token is base64 of {@code AWS:password},
 * valid for 12 hours, and {@code proxyEndpoint} is where to log in and push.
 *
 * @param username always {@code AWS} for ECR
 * @param password the secret; mask it before anything could print it
 * @param host     the registry host to log in to and tag images with, e.g.
 *                 {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}
 */
public record EcrLogin(String username, String password, String host) {

    @Override
    public String toString() {
        return "EcrLogin[" + username + "@" + host + "]";
    }

    /** Asks ECR for the credentials of the caller's registry, or of {@code accountId}'s when given. */
    public static EcrLogin fetch(EcrClient ecr, String accountId) {
        List<AuthorizationData> data = ecr.getAuthorizationToken(request -> {
            if (accountId != null) {
                request.registryIds(accountId);
            }
        }).authorizationData();
        if (data.isEmpty()) {
            throw new IllegalStateException("ECR returned no authorization data");
        }
        return decode(data.getFirst().authorizationToken(), data.getFirst().proxyEndpoint());
    }

    static EcrLogin decode(String token, String proxyEndpoint) {
        String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new IllegalStateException("ECR returned an authorization token that is not user:password");
        }
        return new EcrLogin(decoded.substring(0, colon), decoded.substring(colon + 1), host(proxyEndpoint));
    }

    /** {@code https://123456789012.dkr.ecr.us-east-1.amazonaws.com} or {@code http://127.0.0.1:5000} to the host. */
    static String host(String proxyEndpoint) {
        URI uri = URI.create(proxyEndpoint.contains("://") ? proxyEndpoint : "https://" + proxyEndpoint);
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }
}
