package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.image.PushResults.Failure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PushResultsTest {
    /** Last lines of failed pushes and logins, as the Docker CLI prints them against ECR and registries. */
    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused | TRANSIENT",
            "Put \"https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/web/blobs/uploads/x\": net/http: TLS handshake timeout | TRANSIENT",
            "received unexpected HTTP status: 503 Service Unavailable | TRANSIENT",
            "received unexpected HTTP status: 500 Internal Server Error | TRANSIENT",
            "toomanyrequests: Rate exceeded | TRANSIENT",
            "read tcp 10.0.0.4:51234->52.1.2.3:443: read: connection reset by peer | TRANSIENT",
            "Patch \"https://x/v2/web/blobs/uploads/y\": unexpected EOF | TRANSIENT",
            "no basic auth credentials | AUTH",
            "denied: Your authorization token has expired. Reauthenticate and try again. | AUTH",
            "denied: User: arn:aws:sts::123456789012:assumed-role/gh/x is not authorized to perform: ecr:InitiateLayerUpload | AUTH",
            "unauthorized: authentication required | AUTH",
            "Error response from daemon: login attempt to https://r/v2/ failed with status: 401 Unauthorized | AUTH",
            "name unknown: The repository with name 'web2' does not exist in the registry with id '123456789012' | NO_REPOSITORY",
            "An image does not exist locally with the tag: 127.0.0.1:5000/web | OTHER",
    })
    void classifiesFailures(String lastLine, Failure expected) {
        assertEquals(expected, PushResults.classify(List.of("The push refers to repository [r/web]",
                "eb53cfe9a3bf: Preparing", lastLine)));
    }

    @Test
    void layerIdsDoNotLookLikeErrors() {
        // A layer id is hex: "ea503" must not read as a 503, nor "deadbeef..." as anything.
        assertEquals(Failure.OTHER, PushResults.classify(List.of("e503deadbeef: Preparing",
                "5030000000aa: Layer already exists", "something else went wrong")));
    }

    @Test
    void readsTheDigestOfTheTagPushed() {
        List<String> output = List.of("The push refers to repository [127.0.0.1:5000/exp]",
                "eb53cfe9a3bf: Pushed",
                "v1: digest: sha256:e17b5609161883f31173c55a8c311a2bf9ef6ad32dd8a03efd4777928ec67f27 size: 943");
        assertEquals(Optional.of("sha256:e17b5609161883f31173c55a8c311a2bf9ef6ad32dd8a03efd4777928ec67f27"),
                PushResults.digest(output, "v1"));
        assertEquals(Optional.empty(), PushResults.digest(output, "latest"));
    }
}
