package dev.ecsdeploy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code sandbox} as a process: one line with the endpoint when ready, then it serves until killed. */
class SandboxProcessTest {

    @Test
    void printsExactlyTheEndpointLineAndServes() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.ecsdeploy.Main", "sandbox", "--port", "0", "--time-scale", "0.05")).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.matches("AWS_ENDPOINT_URL=http://127\\.0\\.0\\.1:\\d+"), line);
            URI endpoint = URI.create(line.substring("AWS_ENDPOINT_URL=".length()));
            HttpResponse<String> state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    endpoint.resolve("/_sandbox/state")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, state.statusCode());
            assertTrue(state.body().contains("\"cluster\":{\"name\":\"demo\""), state.body());
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
