package dev.ecsdeploy.image;

import dev.ecsdeploy.util.Decision;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what {@code docker push} and {@code docker login} printed: the digest, and whether to try again. */
@Decision
public final class PushResults {
    private static final Pattern LAYER_PROGRESS = Pattern.compile("^[0-9a-f]{12}: ");
    private static final Pattern DIGEST = Pattern.compile("^(\\S+): digest: (sha256:[0-9a-f]{64}) size: \\d+$");

    /** What a failed registry command means for the run. */
    public enum Failure {
        /** The registry or the network stumbled: try again after a pause. */
        TRANSIENT,
        /** The registry refused the credentials: trying again cannot help. */
        AUTH,
        /** The repository does not exist in the registry. */
        NO_REPOSITORY,
        /** Anything else (a local problem such as a missing image): not retried. */
        OTHER
    }

    // Checked first: an "unauthorized" answer is final even when the same output also mentions a retry.
    private static final List<String> AUTH_SIGNS = List.of("unauthorized", "authentication required", "denied",
            "no basic auth credentials", "authorization token has expired", "invalid username/password",
            "401 unauthorized", "403 forbidden");
    private static final List<String> NO_REPOSITORY_SIGNS = List.of("name unknown", "repository_unknown",
            "does not exist in the registry", "repository with name");
    private static final List<String> TRANSIENT_SIGNS = List.of("connection reset", "connection refused",
            "i/o timeout", "tls handshake timeout", "timeout exceeded", "context deadline exceeded",
            "unexpected eof", ": eof", "broken pipe", "toomanyrequests", "too many requests",
            "500 internal server error", "502 bad gateway", "503 service unavailable", "504 gateway",
            "received unexpected http status: 5", "net/http: request canceled", "server misbehaving",
            "temporary failure in name resolution", "blob upload unknown", "blob upload invalid",
            "use of closed network connection", "no such host");

    private PushResults() {
    }

    public static Failure classify(List<String> output) {
        // Layer progress lines ("eb53cfe9a3bf: Pushed") carry hex ids that could look like anything; skip them.
        String text = String.join("\n", output.stream().filter(line -> !LAYER_PROGRESS.matcher(line).find()).toList())
                .toLowerCase(Locale.ROOT);
        if (NO_REPOSITORY_SIGNS.stream().anyMatch(text::contains)) {
            return Failure.NO_REPOSITORY;
        }
        if (AUTH_SIGNS.stream().anyMatch(text::contains)) {
            return Failure.AUTH;
        }
        if (TRANSIENT_SIGNS.stream().anyMatch(text::contains)) {
            return Failure.TRANSIENT;
        }
        return Failure.OTHER;
    }

    /** The digest {@code docker push} reports for a tag ({@code v1.4.2: digest: sha256:... size: 943}). */
    public static Optional<String> digest(List<String> pushOutput, String tag) {
        for (String line : pushOutput) {
            Matcher matcher = DIGEST.matcher(line.trim());
            if (matcher.matches() && matcher.group(1).equals(tag)) {
                return Optional.of(matcher.group(2));
            }
        }
        return Optional.empty();
    }
}
