package dev.ecsdeploy.deploy;

import dev.ecsdeploy.util.Decision;
import java.time.Duration;

/** Durations in words a reader checks against the input: the largest whole unit, so 5s stays "5s", never "0m". */
@Decision
public final class Durations {
    private Durations() {
    }

    public static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0 && !duration.isZero()) {
            return duration.toMillis() + "ms";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
