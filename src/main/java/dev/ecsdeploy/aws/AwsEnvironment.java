package dev.ecsdeploy.aws;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks, before the first AWS call, that the run's environment can reach AWS at all: a well-formed region and
 * {@code AWS_ENDPOINT_URL*}, and credentials somewhere the SDK's default chain looks. Each problem is bad
 * configuration (exit 2) naming what to set, instead of the SDK's raw text after the run has started.
 *
 * <p>Credentials are refused only when none can be there: the chain (AWS SDK for Java 2.x developer guide, "Default
 * credentials provider chain") reads the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties,
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, a web identity token file with a role ARN (OIDC),
 * the shared credentials and config files (profiles, SSO, credential_process), container credentials, and last the
 * EC2 instance metadata service, which cannot be seen from here: so unless metadata is known to be absent
 * ({@code AWS_EC2_METADATA_DISABLED=true}, or a GitHub-hosted runner, which is not an EC2 instance), nothing is
 * refused.
 */
public final class AwsEnvironment {
    // Region names are lower-case words and numbers joined by hyphens (us-east-1, eu-central-2, us-gov-west-1).
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";

    private AwsEnvironment() {
    }

    /** Throws {@link BadInputException} for the first problem with reaching AWS from this environment. */
    public static void check(String region, Map<String, String> env) {
        Optional<String> problem = regionProblem(region)
                .or(() -> endpointProblems(env).stream().findFirst())
                .or(() -> credentialsProblem(env, System.getProperties()::getProperty, Files::exists));
        problem.ifPresent(message -> {
            throw new BadInputException(message.startsWith("The AWS region") ? Input.AWS_REGION.inputName() : null,
                    message);
        });
    }

    static Optional<String> regionProblem(String region) {
        if (region != null && REGION.matcher(region).matches()) {
            return Optional.empty();
        }
        return Optional.of("The AWS region \"" + region + "\" is not a region name; set the aws-region input or"
                + " AWS_REGION to one such as us-east-1.");
    }

    /** Every AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_&lt;SERVICE&gt; that is set but is not an http(s) URL. */
    static List<String> endpointProblems(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        new TreeMap<>(env).forEach((name, value) -> {
            if (name.startsWith(ENDPOINT_VARIABLE) && value != null && !value.isBlank() && !isHttpUrl(value.trim())) {
                // The value is not repeated: an endpoint URL can carry user:password@.
                problems.add(name + " is not a URL; set it to one such as https://ecs.us-east-1.amazonaws.com or"
                        + " http://127.0.0.1:4566 (scheme, host and optional port), or unset it to use AWS's"
                        + " endpoints.");
            }
        });
        return problems;
    }

    static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Empty when the SDK's chain may find credentials; otherwise what to set.
     *
     * @param properties Java system properties by name
     * @param exists     whether a file exists (the shared credentials and config files)
     */
    static Optional<String> credentialsProblem(Map<String, String> env,
                                               Function<String, String> properties,
                                               Predicate<Path> exists) {
        if (both(properties.apply("aws.accessKeyId"), properties.apply("aws.secretAccessKey"))
                || both(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))
                || both(env.get("AWS_WEB_IDENTITY_TOKEN_FILE"), env.get("AWS_ROLE_ARN"))
                || both(properties.apply("aws.webIdentityTokenFile"), properties.apply("aws.roleArn"))
                || set(env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
                || set(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                || profileFiles(env, properties).stream().anyMatch(exists)
                || !instanceMetadataKnownAbsent(env)) {
            return Optional.empty();
        }
        String half = halfGiven(env, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
                + halfGiven(env, "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN");
        return Optional.of("No AWS credentials: none of what the AWS SDK reads is set (AWS_ACCESS_KEY_ID with"
                + " AWS_SECRET_ACCESS_KEY, AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN, a profile in ~/.aws,"
                + " container credentials), and " + (env.getOrDefault("AWS_EC2_METADATA_DISABLED", "")
                .equalsIgnoreCase("true") ? "AWS_EC2_METADATA_DISABLED turns off instance credentials"
                : "a GitHub-hosted runner has no instance credentials") + "." + half + HOW_TO_GIVE_CREDENTIALS);
    }

    private static final String HOW_TO_GIVE_CREDENTIALS = " Add a step with aws-actions/configure-aws-credentials"
            + " before this one: with OIDC, give the job `permissions: id-token: write` and the step `role-to-assume`"
            + " and `aws-region`; or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from secrets.";

    /**
     * The SDK's own word that its credential chain found nothing (environment, profiles, web identity, container and
     * instance credentials were all tried): where the check above could not know in advance (instance metadata that
     * might have been there), the first call tells.
     */
    public static boolean isMissingCredentials(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof software.amazon.awssdk.core.exception.SdkClientException
                    && cause.getMessage() != null && cause.getMessage().startsWith("Unable to load credentials")) {
                return true;
            }
        }
        return false;
    }

    public static String noCredentialsFound() {
        return "No AWS credentials: the AWS SDK found none (not in the environment, a profile, a web identity token,"
                + " container or instance credentials)." + HOW_TO_GIVE_CREDENTIALS;
    }

    /**
     * The shared credentials and config files, where the SDK looks for them: the {@code aws.sharedCredentialsFile}
     * and {@code aws.configFile} system properties, then AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, then
     * ~/.aws (HOME first, as the SDK's ProfileFileLocation reads it).
     */
    static List<Path> profileFiles(Map<String, String> env, Function<String, String> properties) {
        String home = set(env.get("HOME")) ? env.get("HOME") : properties.apply("user.home");
        String homeDir = home == null ? "" : home;
        return List.of(
                named(properties.apply("aws.sharedCredentialsFile"), env.get("AWS_SHARED_CREDENTIALS_FILE"), homeDir)
                        .orElse(Path.of(homeDir, ".aws", "credentials")),
                named(properties.apply("aws.configFile"), env.get("AWS_CONFIG_FILE"), homeDir)
                        .orElse(Path.of(homeDir, ".aws", "config")));
    }

    /** The file a property or variable names; a leading ~/ is the home directory, as the SDK reads it. */
    private static Optional<Path> named(String property, String variable, String home) {
        String name = set(property) ? property : set(variable) ? variable : null;
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(name.startsWith("~/") ? Path.of(home, name.substring(2)) : Path.of(name));
    }

    /** True when neither shared file the SDK would read for its settings is there. */
    static boolean profileFilesAbsent(Map<String, String> env, Function<String, String> properties,
                                      Predicate<Path> exists) {
        return profileFiles(env, properties).stream().noneMatch(exists);
    }

    /** True only when the EC2 instance metadata service is known not to be there. */
    static boolean instanceMetadataKnownAbsent(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("AWS_EC2_METADATA_DISABLED", "").trim())
                || "github-hosted".equals(env.getOrDefault("RUNNER_ENVIRONMENT", "").trim());
    }

    private static String halfGiven(Map<String, String> env, String first, String second) {
        if (set(env.get(first)) != set(env.get(second))) {
            return " " + (set(env.get(first)) ? first : second) + " is set but " + (set(env.get(first)) ? second
                    : first) + " is not.";
        }
        return "";
    }

    private static boolean both(String first, String second) {
        return set(first) && set(second);
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
