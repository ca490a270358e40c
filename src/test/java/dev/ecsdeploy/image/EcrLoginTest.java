package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcrLoginTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "https://123456789012.dkr.ecr.us-east-1.amazonaws.com, 123456789012.dkr.ecr.us-east-1.amazonaws.com",
            "http://127.0.0.1:5000, 127.0.0.1:5000",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com, 123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    })
    void decodesTheTokenAndTheRegistryHost(String proxyEndpoint, String host) {
        String token = Base64.getEncoder().encodeToString("AWS:eyJwYXlsb2FkIjoi:x=".getBytes(StandardCharsets.UTF_8));
        EcrLogin login = EcrLogin.decode(token, proxyEndpoint);
        assertEquals(new EcrLogin("AWS", "eyJwYXlsb2FkIjoi:x=", host), login);
        assertFalse(login.toString().contains("eyJwYXlsb2FkIjoi"), "toString must not show the password");
    }
}
