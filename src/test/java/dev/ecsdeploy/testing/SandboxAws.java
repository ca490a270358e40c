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

    /** A service of the sandbox's cluster {@code demo}, as DescribeServices shows it now. */
    public static Service service(URI sandbox, String name) {
        try (AwsClients aws = clients(sandbox)) {
            return aws.ecs().describeServices(request -> request.cluster("demo").services(name)).services()
                    .getFirst();
        }
    }
}
