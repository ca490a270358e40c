package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.pipeline.Cancellation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryRetryTest {
    private static DockerOutput failed(String line) {
        return new DockerOutput(1, List.of(line));
    }

    private static final DockerOutput OK = new DockerOutput(0, List.of("v1: digest: sha256:aa size: 1"));

    @ParameterizedTest(name = "delay before attempt {0}: {1}s")
    @CsvSource({"2, 2", "3, 4", "4, 8"})
    void backsOffDoubling(int attempt, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), RegistryRetry.delayBefore(Duration.ofSeconds(2), attempt));
    }

    @ParameterizedTest(name = "{0} -> {1} attempts, ok={2}")
    @CsvSource(delimiter = '|', value = {
            // what each attempt answers, in order                                       | attempts | ok
            "ok                                                                          | 1 | true",
            "connect: connection refused; ok                                             | 2 | true",
            "503 Service Unavailable; connection reset by peer; ok                       | 3 | true",
            "connection refused; connection refused; connection refused; connection refused | 4 | false",
            "unauthorized: authentication required; ok                                   | 1 | false",
            "name unknown: The repository with name 'web' does not exist; ok             | 1 | false",
            "An image does not exist locally with the tag: r/web; ok                     | 1 | false",
    })
    void retriesOnlyTransientFailures(String answers, int expectedAttempts, boolean ok) {
        Iterator<DockerOutput> results = List.of(answers.split(";")).stream()
                .map(String::trim).map(answer -> answer.equals("ok") ? OK : failed(answer)).iterator();
        List<String> warnings = new ArrayList<>();
        int[] attempts = {0};
        DockerOutput result = new RegistryRetry(4, Duration.ofMillis(1), new Cancellation(), warnings::add)
                .run("docker push r/web:v1", () -> {
                    attempts[0]++;
                    return results.next();
                });
        assertEquals(expectedAttempts, attempts[0]);
        assertEquals(ok, result.ok());
        assertEquals(Math.max(0, expectedAttempts - 1), warnings.size(), String.join("\n", warnings));
    }

    @Test
    void aCancellationStopsTheWaiting() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel("SIGTERM");
        int[] attempts = {0};
        new RegistryRetry(4, Duration.ofMinutes(5), cancellation, warning -> { }).run("push", () -> {
            attempts[0]++;
            return failed("connection refused");
        });
        assertEquals(1, attempts[0]);
    }
}
