package dev.ecsdeploy.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients skip the shared config files only when there are none: a config file the SDK is pointed at still sets
 * what the SDK reads from it, here the endpoint (endpoint_url), with no AWS_ENDPOINT_URL in the environment.
 */
class ProfileFileSettingsTest {
    @TempDir
    Path temp;

    @Test
    void aConfigFilesEndpointIsStillUsed() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            Path config = temp.resolve("aws-config");
            Files.writeString(config, "[default]\nendpoint_url = " + sandbox.endpoint() + "\n");
            System.setProperty("aws.configFile", config.toString());
            try (AwsClients aws = new AwsClients("us-east-1", Map.of("AWS_ACCESS_KEY_ID", "AKIASANDBOXTEST00000",
                    "AWS_SECRET_ACCESS_KEY", "sandbox-secret", "HOME", temp.toString()))) {
                assertEquals(List.of("arn:aws:ecs:us-east-1:123456789012:cluster/demo"),
                        aws.ecs().listClusters().clusterArns());
            } finally {
                System.clearProperty("aws.configFile");
            }
        }
    }
}
