package dev.ecsdeploy.deploy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links to the AWS console, where a human goes next. */
public final class ConsoleLinks {
    private ConsoleLinks() {
    }

    public static String serviceDeployments(String region, String cluster, String service) {
        return "https://" + region + ".console.aws.amazon.com/ecs/v2/clusters/" + encode(cluster) + "/services/"
                + encode(service) + "/deployments?region=" + region;
    }

    public static String codeDeployDeployment(String region, String deploymentId) {
        return "https://" + region + ".console.aws.amazon.com/codesuite/codedeploy/deployments/" + encode(deploymentId)
                + "?region=" + region;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
