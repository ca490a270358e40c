package dev.ecsdeploy.image;

import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.util.Backoff;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a registry command (login, push) again after a transient failure, waiting longer each time; a refusal of the
 * credentials or a missing repository is final at once, because repeating cannot change the answer.
 */
public final class RegistryRetry {
    private final int attempts;
    private final Duration firstDelay;
    private final Cancellation cancellation;
    private final Consumer<String> warn;

    public RegistryRetry(int attempts, Duration firstDelay, Cancellation cancellation, Consumer<String> warn) {
        this.attempts = attempts;
        this.firstDelay = firstDelay;
        this.cancellation = cancellation;
        this.warn = warn;
    }

    /** What stops the retries, and the command being retried with them. */
    public Cancellation cancellation() {
        return cancellation;
    }

    /** The delay before attempt {@code next} (2, 3, ...): the first delay, doubled each time. */
    static Duration delayBefore(Duration firstDelay, int next) {
        return Backoff.doubling(firstDelay).delay(next - 1);
    }

    /** The first successful result, or the last failed one. */
    public DockerOutput run(String what, Supplier<DockerOutput> command) {
        DockerOutput result = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            result = command.get();
            if (result.ok() || attempt == attempts
                    || PushResults.classify(result.lines()) != PushResults.Failure.TRANSIENT) {
                return result;
            }
            Duration delay = delayBefore(firstDelay, attempt + 1);
            warn.accept(what + " failed (" + result.lastLine() + "); trying again in " + delay.toSeconds()
                    + "s (attempt " + (attempt + 1) + " of " + attempts + ").");
            if (cancellation.sleep(delay)) {
                return result;
            }
        }
        return result;
    }
}
