package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.image.engine.session.SessionServices;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Engine API path's registry credentials: the user's config {@code auths}, and hosts as BuildKit asks for them. */
class ApiCredentialsTest {
    @Test
    void theUsersAuthsBecomeCredentialsAndTokensAndBrokenEntriesAreLeftOut() {
        String seed = "{\"auths\":{"
                + "\"ghcr.io\":{\"auth\":\"dXNlcjpnaHA6d2l0aDpjb2xvbnM=\"},"
                + "\"https://index.docker.io/v1/\":{\"username\":\"me\",\"password\":\"hub\"},"
                + "\"quay.io\":{\"identitytoken\":\"tok\"},"
                + "\"bad.example\":{\"auth\":\"%%%\"}}}";
        Map<String, SessionServices.RegistryCredential> credentials = RegistrySession.credentials(seed);
        assertEquals(Map.of("ghcr.io", new SessionServices.RegistryCredential("user", "ghp:with:colons"),
                "https://index.docker.io/v1/", new SessionServices.RegistryCredential("me", "hub")), credentials);
        assertEquals(Map.of(), RegistrySession.credentials(null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"https://index.docker.io/v1/, docker.io", "registry-1.docker.io, docker.io", "docker.io, docker.io",
            "127.0.0.1:5000, 127.0.0.1:5000", "GHCR.io, ghcr.io",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com, 123456789012.dkr.ecr.us-east-1.amazonaws.com"})
    void hostsAreKeptAsOneNamePerRegistry(String host, String key) {
        assertEquals(key, ApiImageEngine.hostKey(host));
    }

    @Test
    void aCredentialNeverPrintsItsSecret() {
        assertEquals("RegistryCredential[AWS]", new SessionServices.RegistryCredential("AWS", "s3cret").toString());
    }

    @Test
    void theUsersDefaultProxiesBecomeBuildArgsAsTheCliAddsThem() {
        assertEquals(Map.of("HTTP_PROXY", "http://proxy:3128", "http_proxy", "http://proxy:3128",
                "NO_PROXY", "localhost,.internal", "no_proxy", "localhost,.internal"), RegistrySession.proxyBuildArgs(
                "{\"proxies\":{\"default\":{\"httpProxy\":\"http://proxy:3128\",\"noProxy\":\"localhost,.internal\"},"
                        + "\"tcp://other:2376\":{\"httpsProxy\":\"http://elsewhere\"}}}"));
        assertEquals(Map.of(), RegistrySession.proxyBuildArgs("{\"auths\":{}}"));
        assertEquals(Map.of(), RegistrySession.proxyBuildArgs(null));
    }
}
