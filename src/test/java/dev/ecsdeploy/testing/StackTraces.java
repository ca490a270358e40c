package dev.ecsdeploy.testing;

import java.util.List;

/**
 * The suite's guard against stack traces: every harness that runs the action (in-process, as a process, as the
 * runner's container) passes what the action printed through here, and the test fails on a line that starts with
 * {@code \tat } or {@code Exception in thread}. Only RUNNER_DEBUG=1 may show a trace.
 */
public final class StackTraces {
    private StackTraces() {
    }

    public static List<String> find(String output) {
        return output.lines().filter(line -> line.startsWith("\tat ") || line.startsWith("Exception in thread"))
                .toList();
    }

    public static void assertNone(String output) {
        List<String> traces = find(output);
        if (!traces.isEmpty()) {
            throw new AssertionError("the action printed a stack trace (" + traces.size() + " lines, first: "
                    + traces.getFirst().strip() + "); only RUNNER_DEBUG=1 may:\n" + output);
        }
    }
}
