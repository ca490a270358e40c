package dev.ecsdeploy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ecsdeploy.aws.AwsClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * With {@code --registry}, ECR is the real registry: images are what it holds, GetAuthorizationToken points docker at
 * it, and a task whose image it lacks cannot be pulled, whatever the scenario.
 */
class SandboxRegistryTest {
    private static final String REGISTRY = "127.0.0.1:5000";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void registry() {
        try {
            HttpResponse<Void> v2 = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            assumeTrue(v2.statusCode() == 200, "no registry on " + REGISTRY + " (scripts/start-docker starts one)");
        } catch (Exception e) {
            assumeTrue(false, "no registry on " + REGISTRY + " (scripts/start-docker starts one)");
        }
    }

    @Test
    void ecrAnswersFromTheRegistryAndAMissingImageCannotBePulled() throws Exception {
        String tag = "sandbox-" + UUID.randomUUID().toString().substring(0, 8);
        String digest = push("web", tag);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withRegistry(REGISTRY).withTimeScale(0.02));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            assertEquals("http://" + REGISTRY, aws.ecr().getAuthorizationToken().authorizationData().getFirst()
                    .proxyEndpoint());
            assertEquals(REGISTRY + "/web", aws.ecr().describeRepositories(r -> r.repositoryNames("web"))
                    .repositories().getFirst().repositoryUri());
            assertEquals(digest, aws.ecr().describeImages(r -> r.repositoryName("web").imageIds(i -> i.imageTag(tag)))
                    .imageDetails().getFirst().imageDigest());
            assertThrows(ImageNotFoundException.class, () -> aws.ecr().describeImages(r -> r.repositoryName("web")
                    .imageIds(i -> i.imageTag(tag + "-missing"))));

            String present = SandboxTesting.registerRevision(aws, "web", c -> SandboxTesting.image(c, tag));
            String good = aws.ecs().updateService(r -> r.cluster("demo").service("web").taskDefinition(present))
                    .service().currentServiceDeployment();
            SandboxTesting.await("the deployment of the pushed image", Duration.ofSeconds(30),
                    () -> SandboxTesting.finished(SandboxTesting.deploymentStatus(aws, good)));
            assertEquals("SUCCESSFUL", SandboxTesting.deploymentStatus(aws, good));

            String absent = SandboxTesting.registerRevision(aws, "web", c -> SandboxTesting.image(c,
                    tag + "-missing"));
            String bad = aws.ecs().updateService(r -> r.cluster("demo").service("web").taskDefinition(absent))
                    .service().currentServiceDeployment();
            SandboxTesting.await("the failed deployment", Duration.ofSeconds(30),
                    () -> SandboxTesting.finished(SandboxTesting.deploymentStatus(aws, bad)));
            assertEquals("ROLLBACK_SUCCESSFUL", SandboxTesting.deploymentStatus(aws, bad));
            var stopped = aws.ecs().listTasks(r -> r.cluster("demo").serviceName("web").desiredStatus("STOPPED"))
                    .taskArns();
            Task failed = aws.ecs().describeTasks(r -> r.cluster("demo").tasks(stopped)).tasks().stream()
                    .filter(t -> t.taskDefinitionArn().equals(absent))
                    .filter(t -> !t.stoppedReason().startsWith("Scaling activity")).findFirst().orElseThrow();
            assertEquals("TaskFailedToStart", failed.stopCodeAsString());
            assertTrue(failed.stoppedReason().startsWith("CannotPullContainerError: pull image manifest has been"
                    + " retried 7 time(s): failed to resolve ref " + REGISTRY + "/web:" + tag + "-missing"),
                    failed.stoppedReason());
        }
    }

    /** Pushes a minimal image (a config blob and a manifest, no layers) through the registry's v2 API. */
    private static String push(String repository, String tag) throws Exception {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[]},\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
        String configDigest = "sha256:" + sha256(config);
        HttpResponse<Void> start = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/"
                + repository + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        String location = start.headers().firstValue("Location").orElseThrow();
        URI upload = URI.create(location.startsWith("http") ? location : "http://" + REGISTRY + location);
        String separator = upload.toString().contains("?") ? "&" : "?";
        HttpResponse<Void> put = HTTP.send(HttpRequest.newBuilder(URI.create(upload + separator + "digest="
                + configDigest)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(config)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(201, put.statusCode());
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":[]}";
        HttpResponse<Void> tagged = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/"
                + repository + "/manifests/" + tag)).header("Content-Type",
                "application/vnd.docker.distribution.manifest.v2+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(201, tagged.statusCode());
        return "sha256:" + sha256(manifest.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
