package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Docker's reference grammar: what the ECS agent can pull, and why not. */
class ImageReferencesTest {
    @ParameterizedTest
    @ValueSource(strings = {"nginx", "nginx:1.27", "library/nginx:latest", "ghcr.io/acme/web1:v1.4.2",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:placeholder", "127.0.0.1:5000/web:v1",
            "localhost/web", "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0", "a__b/c-d.e:T_1",
            "web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "web:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "registry.example.com:8443/team/app:1.0.0-rc.1"})
    void pullableReferencesPass(String image) {
        assertEquals(Optional.empty(), ImageReferences.problem(image));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "UPPER CASE/with space:tag!! | a space at character 6",
            "'web:v1\\nnext' | a newline at character 7",
            "'\\tweb' | a tab at character 1",
            "ACME/web:1 | the repository \"ACME\" has upper-case letters",
            "ghcr.io/Acme/web:1 | the repository \"Acme\" has upper-case letters",
            "web:tag!! | the tag \"tag!!\" is not valid",
            "web:.hidden | the tag \".hidden\" is not valid",
            "web@sha256:abc | the digest \"sha256:abc\" is not algorithm:hex",
            "ghcr.io//web | an empty path component",
            "web- | the repository \"web-\" is not valid",
            "'' | the image is empty",
            "bad_host.io/web | the registry host \"bad_host.io\" is not a host name"})
    void unpullableReferencesSayWhy(String image, String why) {
        String unescaped = image.replace("\\n", "\n").replace("\\t", "\t");
        Optional<String> problem = ImageReferences.problem(unescaped);
        assertTrue(problem.isPresent() && problem.get().contains(why), unescaped + " -> " + problem);
    }
}
