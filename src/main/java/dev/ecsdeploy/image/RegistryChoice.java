package dev.ecsdeploy.image;

import dev.ecsdeploy.util.Decision;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which ECR registry the {@code ecr-registry} input names, and where to ask for its credentials.
 *
 * @param accountId the registry id for GetAuthorizationToken and the repository calls; null for the caller's own
 * @param region    the region whose ECR endpoint serves it
 * @param host      a registry host the user gave that is not an ECR host (a proxy or mirror in front of ECR);
 *                  null to push where ECR's authorization says ({@code proxyEndpoint})
 */
@Decision
public record RegistryChoice(String accountId, String region, String host) {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ECR_HOST =
            Pattern.compile("(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(?::\\d{1,5})?");

    /**
     * Reads the input (null or empty: the caller's registry in the run's region).
     *
     * @throws IllegalArgumentException when it is neither an account id nor a registry host
     */
    public static RegistryChoice parse(String input, String runRegion) {
        if (input == null || input.isBlank()) {
            return new RegistryChoice(null, runRegion, null);
        }
        String text = input.trim().replaceFirst("^https?://", "").replaceFirst("/+$", "");
        if (ACCOUNT.matcher(text).matches()) {
            return new RegistryChoice(text, runRegion, null);
        }
        Matcher ecr = ECR_HOST.matcher(text);
        if (ecr.matches()) {
            return new RegistryChoice(ecr.group(1), ecr.group(2), null);
        }
        if (HOST.matcher(text).matches() && (text.contains(".") || text.contains(":") || text.equals("localhost"))) {
            return new RegistryChoice(null, runRegion, text);
        }
        throw new IllegalArgumentException("\"" + input.trim() + "\" is neither a 12-digit account id nor a registry"
                + " host such as 123456789012.dkr.ecr.us-east-1.amazonaws.com");
    }

    /** True when the registry lives in another region than the run's other AWS calls. */
    public boolean otherRegion(String runRegion) {
        return !region.equals(runRegion);
    }
}
