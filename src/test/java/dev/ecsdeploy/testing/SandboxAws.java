package dev.ecsdeploy.testing;

import dev.ecsdeploy.aws.AwsClients;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Service;

/** The action's own SDK clients pointed at a sandbox, for tests that look at the world after a run. */
public final class SandboxAws {
    private SandboxAws() {
    }

    public static AwsClients clients(URI sandbox) {
        return new AwsClients("us-east-1", Map.of("AWS_ENDPOINT_URL", sandbox.toString(),
                "AWS_ACCESS_KEY_ID", "AKIASANDBOXTEST00000", "AWS_SECRET_ACCESS_KEY", "sandbox-secret"));
    }

    /**
     * The sandbox's test hook {@code /_sandbox/no-answer}: from now on it carries out {@code operation}'s calls and
     * leaves them without an answer, the connection closed, as when a network drops the answers.
     */
    public static void noAnswerTo(URI sandbox, String operation) throws java.io.IOException, InterruptedException {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        sandbox.resolve("/_sandbox/no-answer"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"operation\":\"" + operation + "\"}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the sandbox refused the no-answer hook: " + response.body());
        }
    }

    /** A service of the sandbox's cluster {@code demo}, as DescribeServices shows it now. */
    public static Service service(URI sandbox, String name) {
        try (AwsClients aws = clients(sandbox)) {
            return aws.ecs().describeServices(request -> request.cluster("demo").services(name)).services()
                    .getFirst();
        }
    }
}
