package dev.ecsdeploy.github;

import dev.ecsdeploy.util.Annotation;

import java.io.PrintStream;
import java.util.Map;

/**
 * The workflow log: plain lines and workflow commands on stdout, every line masked first. Thread-safe, because the
 * deploy waiter and the cancellation handler may write at the same time.
 */
public final class ActionLog {
    private final PrintStream out;
    private final Masker masker;
    private final boolean inActions;
    private final boolean debugEnabled;

    public ActionLog(PrintStream out, Masker masker, boolean inActions, boolean debugEnabled) {
        this.out = out;
        this.masker = masker;
        this.inActions = inActions;
        this.debugEnabled = debugEnabled;
    }

    public Masker masker() {
        return masker;
    }

    /** Masks a secret from here on; inside Actions also tells the runner, which masks it in its own log. */
    public synchronized void mask(String secret) {
        if (masker.add(secret) && inActions) {
            // The runner consumes this line; it is never shown.
            out.println(WorkflowCommands.command("add-mask", Map.of(), secret));
        }
    }

    public synchronized void info(String message) {
        for (String line : masker.mask(message).split("\\R", -1)) {
            out.println(neutralise(line));
        }
        out.flush();
    }

    public void debug(String message) {
        if (inActions || debugEnabled) {
            emit("debug", null, message);
        }
    }

    public void notice(String message) {
        emit("notice", null, message);
    }

    public void notice(String message, Annotation where) {
        emit("notice", where, message);
    }

    public void warning(String message) {
        emit("warning", null, message);
    }

    public void warning(String message, Annotation where) {
        emit("warning", where, message);
    }

    public void error(String message) {
        emit("error", null, message);
    }

    public void error(String message, Annotation where) {
        emit("error", where, message);
    }

    /** Opens a collapsible group; close it (try-with-resources) to end it. Groups do not nest in the runner. */
    public synchronized Group group(String title) {
        out.println(WorkflowCommands.command("group", Map.of(), masker.mask(title)));
        out.flush();
        return new Group();
    }

    private synchronized void emit(String level, Annotation where, String message) {
        Annotation masked = where == null ? null
                : new Annotation(masker.mask(where.file()), where.line(), masker.mask(where.title()));
        out.println(WorkflowCommands.annotation(level, masked, masker.mask(message)));
        out.flush();
    }

    /**
     * Text we relay (build output, container logs) could contain "::" lines the runner would obey; prefixing them
     * keeps foreign text from issuing workflow commands.
     */
    private static String neutralise(String line) {
        return line.startsWith("::") ? " " + line : line;
    }

    public final class Group implements AutoCloseable {
        private boolean closed;

        @Override
        public void close() {
            synchronized (ActionLog.this) {
                if (!closed) {
                    closed = true;
                    out.println("::endgroup::");
                    out.flush();
                }
            }
        }
    }
}
