package dev.ecsdeploy.deploy;

import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Time bounds for the calls made while a deployment is followed. The clients allow a call three minutes with its
 * retries; a look must give way sooner, so an AWS that stopped answering is noticed and said within the window.
 */
public final class AwsCalls {
    /** One look's call, retries included. */
    public static final Duration LOOK_TIMEOUT = Duration.ofSeconds(20);
    /** Stopping a deployment: short, because after a cancellation the runner kills the container in ~7.5 s. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(3);

    public static final Consumer<AwsRequestOverrideConfiguration.Builder> BOUNDED = o -> o.apiCallTimeout(LOOK_TIMEOUT);
    public static final Consumer<AwsRequestOverrideConfiguration.Builder> STOP = o -> o.apiCallTimeout(STOP_TIMEOUT);

    /**
     * A call that changes something (UpdateService, CreateDeployment) is retried only when AWS answered (throttled,
     * or a 5xx): after a timeout or a dropped connection it may have been carried out, and a retry would start a
     * second deployment (or be refused because the first runs), hiding what happened. The caller says UNKNOWN.
     */
    private static final RetryStrategy ANSWERED_ONLY = StandardRetryStrategy.builder()
            .maxAttempts(4)
            .retryOnException(AwsCalls::answeredAndRetryable)
            .build();

    public static final Consumer<AwsRequestOverrideConfiguration.Builder> MUTATING = o -> o.addPlugin(config ->
            config.overrideConfiguration(config.overrideConfiguration().toBuilder().retryStrategy(ANSWERED_ONLY)
                    .build()));

    static boolean answeredAndRetryable(Throwable error) {
        return error instanceof SdkServiceException answer && (answer.isThrottlingException()
                || answer.statusCode() >= 500);
    }

    private AwsCalls() {
    }
}
