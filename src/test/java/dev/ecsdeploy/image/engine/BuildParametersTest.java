package dev.ecsdeploy.image.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.image.engine.session.SessionServices;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildParametersTest {
    @Test
    void everyInputIsItsOwnParameterAsTheCliSendsIt() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("PROJECT", "web1");
        args.put("NOTE", "two words & more");
        args.put("BUILDKIT_INLINE_CACHE", "1");
        BuildParameters parameters = new BuildParameters("apps/web1/Dockerfile", null,
                List.of("reg:5000/web:v1.4.2", "reg:5000/web:latest"), "runtime", "linux/amd64", true, args,
                Map.of("org.opencontainers.image.version", "v1.4.2"), List.of("reg:5000/web:latest"), "sess-1",
                "build-1");

        assertEquals("/v1.41/build?version=2&dockerfile=apps/web1/Dockerfile&t=reg:5000/web:v1.4.2"
                + "&t=reg:5000/web:latest&target=runtime&platform=linux/amd64&nocache=1"
                + "&buildargs={\"PROJECT\":\"web1\",\"NOTE\":\"two words & more\",\"BUILDKIT_INLINE_CACHE\":\"1\"}"
                + "&labels={\"org.opencontainers.image.version\":\"v1.4.2\"}&cachefrom=[\"reg:5000/web:latest\"]"
                + "&session=sess-1&buildid=build-1", decoded(parameters.requestTarget()));
    }

    @Test
    void whatIsNotGivenIsLeftOutAndARemoteContextIsNamed() {
        BuildParameters parameters = new BuildParameters("Dockerfile", "https://github.com/acme/shop.git#main",
                List.of("web:v1"), " ", null, false, Map.of(), Map.of(), List.of(), null, "b");
        assertEquals("/v1.41/build?version=2&dockerfile=Dockerfile&t=web:v1"
                + "&remote=https://github.com/acme/shop.git#main&buildid=b", decoded(parameters.requestTarget()));
    }

    /** Decoded per parameter, so the test reads as the engine reads the query (the encoding is EngineHttpTest's). */
    private static String decoded(String target) {
        int question = target.indexOf('?');
        StringBuilder out = new StringBuilder(target.substring(0, question + 1));
        for (String pair : target.substring(question + 1).split("&")) {
            if (out.charAt(out.length() - 1) != '?') {
                out.append('&');
            }
            out.append(URLDecoder.decode(pair, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1, 123456789012.dkr.ecr.us-east-1.amazonaws.com",
            "127.0.0.1:5000/it/web1:v1, 127.0.0.1:5000", "localhost/web, localhost", "library/busybox:1, docker.io",
            "busybox, docker.io"})
    void theRegistryHostIsTheFirstPartWhenItLooksLikeOne(String reference, String host) {
        assertEquals(host, DockerEngineApi.registryHost(reference));
    }

    @Test
    void registryAuthIsBase64UrlJsonAndEmptyForAnonymous() {
        String auth = DockerEngineApi.registryAuth(new SessionServices.RegistryCredential("AWS", "p?ss>"),
                "reg:5000");
        assertEquals("{\"username\":\"AWS\",\"password\":\"p?ss>\",\"serveraddress\":\"reg:5000\"}",
                new String(Base64.getUrlDecoder().decode(auth), StandardCharsets.UTF_8));
        assertEquals("{}", new String(Base64.getUrlDecoder().decode(DockerEngineApi.registryAuth(null, "x")),
                StandardCharsets.UTF_8));
    }
}
