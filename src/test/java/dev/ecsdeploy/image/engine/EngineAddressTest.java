package dev.ecsdeploy.image.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineAddressTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "DOCKER_HOST={0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL                         | unix:///var/run/docker.sock",
            "'   '                        | unix:///var/run/docker.sock",
            "unix:///run/user/1000/docker.sock | unix:///run/user/1000/docker.sock",
            "tcp://127.0.0.1:2375         | tcp://127.0.0.1:2375",
            "tcp://docker.internal:23750/ | tcp://docker.internal:23750",
            "tcp://dind                   | tcp://dind:2375",
            "tcp://[::1]:2375             | tcp://[::1]:2375",
            "http://127.0.0.1:2375        | tcp://127.0.0.1:2375",
            "127.0.0.1:2375               | tcp://127.0.0.1:2375",
    })
    void readsDockerHostAsTheCliDoes(String dockerHost, String expected) {
        Map<String, String> env = new HashMap<>();
        env.put("DOCKER_HOST", dockerHost);
        assertEquals(expected, EngineAddress.from(env).describe());
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "DOCKER_HOST       | ssh://me@build-box     | not ssh://; set ECS_DEPLOY_DOCKER to a Docker CLI",
            "DOCKER_HOST       | npipe:////./pipe/docker_engine | not npipe://; set ECS_DEPLOY_DOCKER to a Docker CLI",
            "DOCKER_HOST       | fd://                  | not fd://; set ECS_DEPLOY_DOCKER to a Docker CLI",
            "DOCKER_HOST       | https://docker:2376    | not https://; set ECS_DEPLOY_DOCKER to a Docker CLI",
            "DOCKER_HOST       | unix://                | names no socket file: write unix:///path/to/docker.sock",
            "DOCKER_HOST       | tcp://host:port        | is not host:port: write tcp://HOST:PORT",
            "DOCKER_HOST       | tcp://host:70000       | is not host:port",
            "DOCKER_HOST       | tcp://:2375            | is not host:port",
            "DOCKER_TLS_VERIFY | 1                      | speaks plain HTTP only, not TLS; set ECS_DEPLOY_DOCKER to a Docker CLI",
            "DOCKER_CERT_PATH  | /home/me/.docker/certs | does not use TLS client certificates; set ECS_DEPLOY_DOCKER",
            "DOCKER_CONTEXT    | remote-builder         | reads DOCKER_HOST, not Docker contexts",
    })
    void refusesWhatOnlyTheCliSpeaksSayingWhatToDoInstead(String variable, String value, String message) {
        EngineAddress.UnsupportedAddressException e = assertThrows(EngineAddress.UnsupportedAddressException.class,
                () -> EngineAddress.from(Map.of(variable, value)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void theDefaultContextIsTheDefaultSocket() {
        assertEquals("unix:///var/run/docker.sock", EngineAddress.from(Map.of("DOCKER_CONTEXT", "default"))
                .describe());
    }

    @Test
    void aSocketNobodyListensOnFailsAtOnceNamingIt() {
        EngineAddress address = EngineAddress.from(Map.of("DOCKER_HOST", "unix://" + temp.resolve("none.sock")));
        IOException e = assertThrows(IOException.class, () -> address.connect(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("cannot connect to unix://" + temp.resolve("none.sock")), e.getMessage());
    }

    @Test
    void aTcpPortNobodyListensOnFailsWithinTheBound() throws IOException {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EngineAddress address = EngineAddress.from(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + port));
        long started = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> address.connect(Duration.ofSeconds(2)));
        assertTrue((System.nanoTime() - started) / 1e9 < 3, "bounded");
        assertTrue(e.getMessage().startsWith("cannot connect to tcp://127.0.0.1:" + port), e.getMessage());
    }
}
