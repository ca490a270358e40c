package dev.ecsdeploy.github;

import dev.ecsdeploy.util.Annotation;

import java.io.PrintStream;
import java.util.Map;

/**
 * The workflow log: plain lines and workflow commands on stdout, every line masked first. Inside Actions
 * (GITHUB_ACTIONS=true) groups and annotations are workflow commands; on a terminal they are plain text (a heading,
 * {@code error: ...} lines) and no {@code ::} command is printed. Every plain line is neutralised, so text the action
 * relays cannot command the runner. Thread-safe, because the deploy waiter and the cancellation handler may write at
 * the same time.
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
            out.println(WorkflowCommands.neutralise(line));
        }
        out.flush();
    }

    public boolean debugEnabled() {
        return debugEnabled;
    }

    /** Inside Actions the runner shows these only when debug logging is on; on a terminal only with RUNNER_DEBUG=1. */
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
        if (inActions) {
            out.println(WorkflowCommands.command("group", Map.of(), masker.mask(title)));
        } else {
            out.println(WorkflowCommands.neutralise("== " + masker.mask(title).replaceAll("\\R", " ") + " =="));
        }
        out.flush();
        return new Group();
    }

    private synchronized void emit(String level, Annotation where, String message) {
        Annotation masked = where == null ? null
                : new Annotation(masker.mask(where.file()), where.line(), masker.mask(where.title()));
        if (inActions) {
            out.println(WorkflowCommands.annotation(level, masked, masker.mask(message)));
        } else {
            for (String line : PlainText.annotation(level, masked, masker.mask(message))) {
                out.println(WorkflowCommands.neutralise(line));
            }
        }
        out.flush();
    }

    public final class Group implements AutoCloseable {
        private boolean closed;

        @Override
        public void close() {
            synchronized (ActionLog.this) {
                if (!closed) {
                    closed = true;
                    out.println(inActions ? "::endgroup::" : "");
                    out.flush();
                }
            }
        }
    }
}
