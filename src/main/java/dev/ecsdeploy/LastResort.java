package dev.ecsdeploy;

import dev.ecsdeploy.github.ActionLog;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The handler of last resort: an error nothing else expected becomes one {@code ::error} line saying what failed,
 * never a stack trace; the trace goes to the debug log only when RUNNER_DEBUG=1.
 */
final class LastResort {
    private LastResort() {
    }

    static void report(ActionLog log, Throwable error) {
        log.error(message(error));
        if (log.debugEnabled()) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            log.debug(trace.toString());
        }
    }

    /** "The action stopped on an unexpected error: IllegalStateException: ..." with the causes' words. */
    static String message(Throwable error) {
        StringBuilder text = new StringBuilder("The action stopped on an unexpected error: ")
                .append(error.getClass().getSimpleName());
        if (error.getMessage() != null) {
            text.append(": ").append(error.getMessage());
        }
        Throwable cause = error.getCause();
        for (int depth = 0; cause != null && cause != error && depth < 3; depth++, cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(" (").append(cause.getMessage()).append(')');
            }
        }
        return text.append(". Run with RUNNER_DEBUG=1 (re-run with debug logging) for details.").toString();
    }
}
