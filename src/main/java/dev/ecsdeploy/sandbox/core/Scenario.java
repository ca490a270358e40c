package dev.ecsdeploy.sandbox.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How new task definition revisions behave in the sandbox (revisions present at start always run fine). */
public enum Scenario {
    HEALTHY, UNHEALTHY, CRASH, PULL_ERROR, SECRETS_ERROR, ALARM, THROTTLE, SLOW,
    /** One-off tasks (RunTask) of a new revision exit 3, as a failing database migration would; services are healthy. */
    TASK_FAILS;

    /** The CLI name: {@code pull-error}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Scenario parse(String text) {
        String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Scenario scenario : values()) {
            if (scenario.name().equals(wanted)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("Unknown scenario \"" + text + "\"; use one of "
                + Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", ")) + ".");
    }
}
