package dev.ecsdeploy.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AwsEnvironmentTest {
    private static final Function<String, String> NO_PROPERTIES = name -> name.equals("user.home") ? "/home/u" : null;
    private static final Map<String, String> HOSTED = Map.of("RUNNER_ENVIRONMENT", "github-hosted", "HOME", "/home/r");

    @ParameterizedTest
    @CsvSource({"us-east-1,true", "eu-central-2,true", "us-gov-west-1,true", "cn-north-1,true", "US-EAST-1,false",
        "'us east 1',false", "'',false", "us-east-1/,false"})
    void regionNames(String region, boolean valid) {
        assertEquals(valid, AwsEnvironment.regionProblem(region).isEmpty(), region);
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:4566,true", "https://ecs.us-east-1.amazonaws.com,true", "http://localhost:8080/,true",
        "'not a url',false", "127.0.0.1:4566,false", "ftp://host,false", "http://,false", "https://host?x=1,false"})
    void endpointUrls(String value, boolean valid) {
        List<String> problems = AwsEnvironment.endpointProblems(Map.of("AWS_ENDPOINT_URL_ECS", value));
        assertEquals(valid, problems.isEmpty(), value + " " + problems);
        problems.forEach(problem -> {
            assertTrue(problem.startsWith("AWS_ENDPOINT_URL_ECS is not a URL; set it to one such as"), problem);
            assertTrue(!problem.contains("not a url") && !problem.contains("ftp"), "the value is not repeated: " + problem);
        });
    }

    /** An environment on a GitHub-hosted runner, plus what else is set, and whether credentials may be found. */
    static Stream<Arguments> credentialSources() {
        return Stream.of(
                Arguments.of("nothing", Map.of(), Set.of(), false),
                Arguments.of("access key pair", Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "s"),
                        Set.of(), true),
                Arguments.of("half a key pair", Map.of("AWS_ACCESS_KEY_ID", "AKIA"), Set.of(), false),
                Arguments.of("OIDC web identity", Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/t",
                        "AWS_ROLE_ARN", "arn:aws:iam::1:role/r"), Set.of(), true),
                Arguments.of("token file without a role", Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"), Set.of(), false),
                Arguments.of("ECS container credentials", Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/c"),
                        Set.of(), true),
                Arguments.of("container credentials by URL", Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                        "http://169.254.170.23/v1/credentials"), Set.of(), true),
                Arguments.of("shared credentials file", Map.of(), Set.of(Path.of("/home/r/.aws/credentials")), true),
                Arguments.of("config file (SSO, credential_process)", Map.of(), Set.of(Path.of("/home/r/.aws/config")),
                        true),
                Arguments.of("credentials file elsewhere", Map.of("AWS_SHARED_CREDENTIALS_FILE", "/etc/aws"),
                        Set.of(Path.of("/etc/aws")), true),
                Arguments.of("a named credentials file that is not there", Map.of("AWS_SHARED_CREDENTIALS_FILE",
                        "/etc/aws"), Set.of(Path.of("/home/r/.aws/credentials")), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentialSources")
    void credentialsAreRefusedOnlyWhenNoSourceCanHoldThem(String name, Map<String, String> extra, Set<Path> files,
                                                          boolean found) {
        Map<String, String> env = new HashMap<>(HOSTED);
        env.putAll(extra);
        Optional<String> problem = AwsEnvironment.credentialsProblem(env, NO_PROPERTIES, files::contains);
        assertEquals(found, problem.isEmpty(), name + ": " + problem);
        problem.ifPresent(message -> assertTrue(message.contains("aws-actions/configure-aws-credentials")
                && message.contains("role-to-assume") && message.contains("id-token: write"), message));
    }

    @Test
    void withoutKnowingThereIsNoInstanceMetadataNothingIsRefused() {
        // A self-hosted runner may be an EC2 instance with a role: the SDK's last resort, which cannot be seen here.
        assertTrue(AwsEnvironment.credentialsProblem(Map.of("HOME", "/home/r"), NO_PROPERTIES, path -> false)
                .isEmpty());
        assertTrue(AwsEnvironment.credentialsProblem(Map.of("RUNNER_ENVIRONMENT", "self-hosted"), NO_PROPERTIES,
                path -> false).isEmpty());
        Optional<String> disabled = AwsEnvironment.credentialsProblem(Map.of("AWS_EC2_METADATA_DISABLED", "true"),
                NO_PROPERTIES, path -> false);
        assertTrue(disabled.orElseThrow().contains("AWS_EC2_METADATA_DISABLED turns off instance credentials"),
                disabled.toString());
    }

    @Test
    void systemPropertiesCountAsTheSdkReadsThem() {
        Map<String, String> properties = Map.of("aws.accessKeyId", "AKIA", "aws.secretAccessKey", "s");
        assertTrue(AwsEnvironment.credentialsProblem(HOSTED, properties::get, path -> false).isEmpty());
    }

    @Test
    void halfAKeyPairIsNamed() {
        Map<String, String> env = new HashMap<>(HOSTED);
        env.put("AWS_SECRET_ACCESS_KEY", "s");
        String message = AwsEnvironment.credentialsProblem(env, NO_PROPERTIES, path -> false).orElseThrow();
        assertTrue(message.contains("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not."), message);
    }

    /** Which shared files the SDK would read for a client's settings: when none is there, none is read. */
    static Stream<Arguments> profileFileSources() {
        return Stream.of(
                Arguments.of("no ~/.aws", Map.of(), Map.of(), Set.of(), true),
                Arguments.of("~/.aws/config", Map.of(), Map.of(), Set.of(Path.of("/home/r/.aws/config")), false),
                Arguments.of("~/.aws/credentials", Map.of(), Map.of(), Set.of(Path.of("/home/r/.aws/credentials")),
                        false),
                Arguments.of("AWS_CONFIG_FILE", Map.of("AWS_CONFIG_FILE", "/etc/aws-config"), Map.of(),
                        Set.of(Path.of("/etc/aws-config")), false),
                Arguments.of("AWS_CONFIG_FILE under ~", Map.of("AWS_CONFIG_FILE", "~/cfg"), Map.of(),
                        Set.of(Path.of("/home/r/cfg")), false),
                Arguments.of("AWS_CONFIG_FILE names a missing file (~/.aws/config is then not read)",
                        Map.of("AWS_CONFIG_FILE", "/etc/none"), Map.of(), Set.of(Path.of("/home/r/.aws/config")),
                        true),
                Arguments.of("the aws.configFile property, ahead of AWS_CONFIG_FILE",
                        Map.of("AWS_CONFIG_FILE", "/etc/none"), Map.of("aws.configFile", "/opt/cfg"),
                        Set.of(Path.of("/opt/cfg")), false),
                Arguments.of("the aws.sharedCredentialsFile property", Map.of(),
                        Map.of("aws.sharedCredentialsFile", "/opt/creds"), Set.of(Path.of("/opt/creds")), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profileFileSources")
    void profileFilesAreSkippedOnlyWhenTheSdkWouldFindNone(String name, Map<String, String> extra,
                                                          Map<String, String> properties, Set<Path> files,
                                                          boolean absent) {
        Map<String, String> env = new HashMap<>(HOSTED);
        env.putAll(extra);
        Function<String, String> property = key -> properties.getOrDefault(key, NO_PROPERTIES.apply(key));
        assertEquals(absent, AwsEnvironment.profileFilesAbsent(env, property, files::contains), name);
    }
}
