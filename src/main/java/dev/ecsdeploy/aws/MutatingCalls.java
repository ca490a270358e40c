package dev.ecsdeploy.aws;

import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * A call that changes something (RegisterTaskDefinition, UpdateService, CreateDeployment) is retried only when AWS
 * answered (throttled, or a 5xx): after a timeout or a dropped connection it may have been carried out, and a retry
 * would do it twice (a second deployment, or a refusal because the first runs), hiding what happened. The caller
 * says the outcome is unknown instead.
 */
public final class MutatingCalls {
    private static final RetryStrategy ANSWERED_ONLY = StandardRetryStrategy.builder()
            .maxAttempts(10)
            .retryOnException(MutatingCalls::answeredAndRetryable)
            .build();

    /** The request override for such a call. */
    public static final Consumer<AwsRequestOverrideConfiguration.Builder> RETRIED_ONLY_WHEN_ANSWERED = o ->
            o.addPlugin(config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                    .retryStrategy(ANSWERED_ONLY).build()));

    private MutatingCalls() {
    }

    static boolean answeredAndRetryable(Throwable error) {
        return error instanceof SdkServiceException answer && (answer.isThrottlingException()
                || answer.statusCode() >= 500);
    }
}
