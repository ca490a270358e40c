package dev.ecsdeploy.aws;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS SDK clients, created on first use so that a skipped run or a bad input never touches AWS. Region, endpoint
 * and static credentials come from the run's environment (so in-process runs against the sandbox need no system
 * variables); everything else follows the SDK's default chain (OIDC web identity, profiles, container credentials).
 */
public final class AwsClients implements AutoCloseable {
    // Throttling is normal while polling a busy account; retry it patiently rather than fail a deployment over it.
    private static final int MAX_ATTEMPTS = 10;
    // What the SDK itself reads when neither ~/.aws/config nor ~/.aws/credentials exists (the usual runner container):
    // nothing. Given outright, each client skips looking for, reading and merging the files for its settings.
    private static final ProfileFile EMPTY_PROFILE_FILE = ProfileFile.aggregator().build();

    private final Region region;
    private final Map<String, String> env;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(30))
            .tlsTrustManagersProvider(DeferredTrustManager::asArray)
            .build();
    // The call and attempt timeouts' timer, shared: left alone, the SDK starts a pool of up to five threads per client.
    // One thread is plenty for timers that are set and cancelled; cancelled ones leave the queue at once.
    private final ScheduledThreadPoolExecutor timeouts = timeoutTimer();
    // Null: the SDK reads the shared config and credentials files as usual.
    private final ProfileFile profiles;
    private final List<AutoCloseable> created = new ArrayList<>();

    private EcsClient ecs;
    private EcrClient ecr;
    private CodeDeployClient codeDeploy;
    private SecretsManagerClient secretsManager;
    private SsmClient ssm;
    private CloudWatchLogsClient logs;
    private CloudWatchClient cloudWatch;
    private StsClient sts;

    public AwsClients(String region, Map<String, String> env) {
        AwsEnvironment.check(region, env);
        this.region = Region.of(region);
        this.env = env;
        this.credentials = credentialsFrom(env);
        this.profiles = AwsEnvironment.profileFilesAbsent(env, System.getProperties()::getProperty,
                Files::exists) ? EMPTY_PROFILE_FILE : null;
    }

    public Region region() {
        return region;
    }

    public synchronized EcsClient ecs() {
        return ecs = ecs != null ? ecs : build(EcsClient.builder(), "ECS");
    }

    public synchronized EcrClient ecr() {
        return ecr = ecr != null ? ecr : build(EcrClient.builder(), "ECR");
    }

    public synchronized CodeDeployClient codeDeploy() {
        return codeDeploy = codeDeploy != null ? codeDeploy : build(CodeDeployClient.builder(), "CODEDEPLOY");
    }

    public synchronized SecretsManagerClient secretsManager() {
        return secretsManager = secretsManager != null ? secretsManager
                : build(SecretsManagerClient.builder(), "SECRETS_MANAGER");
    }

    public synchronized SsmClient ssm() {
        return ssm = ssm != null ? ssm : build(SsmClient.builder(), "SSM");
    }

    public synchronized CloudWatchLogsClient logs() {
        return logs = logs != null ? logs : build(CloudWatchLogsClient.builder(), "CLOUDWATCH_LOGS");
    }

    public synchronized CloudWatchClient cloudWatch() {
        return cloudWatch = cloudWatch != null ? cloudWatch : build(CloudWatchClient.builder(), "CLOUDWATCH");
    }

    public synchronized StsClient sts() {
        return sts = sts != null ? sts : build(StsClient.builder(), "STS");
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
            C extends AutoCloseable> C build(B builder, String serviceEnvName) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS).build())
                .apiCallAttemptTimeout(Duration.ofSeconds(30))
                .apiCallTimeout(Duration.ofMinutes(3))
                .scheduledExecutorService(timeouts);
        if (profiles != null) {
            override.defaultProfileFile(profiles);
        }
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(override.build());
        URI endpoint = endpoint(serviceEnvName);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        C client = builder.build();
        created.add(client);
        return client;
    }

    /** AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then AWS_ENDPOINT_URL, as the SDKs read them. */
    URI endpoint(String serviceEnvName) {
        String specific = env.get("AWS_ENDPOINT_URL_" + serviceEnvName.toUpperCase(Locale.ROOT));
        String general = env.get("AWS_ENDPOINT_URL");
        String value = specific != null && !specific.isBlank() ? specific : general;
        return value == null || value.isBlank() ? null : URI.create(value.trim());
    }

    /** The endpoint override in use, or null for the real AWS endpoints (used for console links). */
    public URI endpointOverride() {
        return endpoint("ECS");
    }

    private static ScheduledThreadPoolExecutor timeoutTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                task -> Thread.ofPlatform().name("aws-call-timeouts").daemon().unstarted(task));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static AwsCredentialsProvider credentialsFrom(Map<String, String> env) {
        String keyId = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (keyId == null || keyId.isBlank() || secret == null || secret.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String session = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(session == null || session.isBlank()
                ? AwsBasicCredentials.create(keyId, secret)
                : AwsSessionCredentials.create(keyId, secret, session));
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : created) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing at exit; nothing useful to do with a failure
            }
        }
        created.clear();
        http.close();
        timeouts.shutdownNow();
    }
}
