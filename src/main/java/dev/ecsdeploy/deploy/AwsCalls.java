package dev.ecsdeploy.deploy;

import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

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

    private AwsCalls() {
    }
}
