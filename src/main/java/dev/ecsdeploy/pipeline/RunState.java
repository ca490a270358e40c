package dev.ecsdeploy.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one channel through which steps hand on what they found and made: typed results under {@link ResultKey}s
 * (the shared ones in {@link Results}, a stage's own in its package). Steps keep no results in fields; a step that
 * plans something for its own apply puts it here too. Each key is written by one step; absent means that step has
 * not produced it (yet).
 */
public final class RunState {
    private final Map<ResultKey<?>, Object> results = new ConcurrentHashMap<>();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final List<String> completedSteps = Collections.synchronizedList(new ArrayList<>());

    /** Sets (or replaces, as a result becomes more complete) the result under {@code key}. */
    public <T> void put(ResultKey<T> key, T value) {
        results.put(key, key.cast(Objects.requireNonNull(value, key.name())));
    }

    /** The result, or null when no step produced it (yet). */
    public <T> T get(ResultKey<T> key) {
        return key.cast(results.get(key));
    }

    /** The result, which an earlier step or phase must have produced. */
    public <T> T require(ResultKey<T> key) {
        T value = get(key);
        if (value == null) {
            throw new IllegalStateException("No " + key.name() + " yet: the step that makes it has not run.");
        }
        return value;
    }

    public <T> T remove(ResultKey<T> key) {
        return key.cast(results.remove(key));
    }

    /** The version, or null: a shorthand many stages use. */
    public String version() {
        ResolvedVersion version = get(Results.VERSION);
        return version == null ? null : version.version();
    }

    /** Something a step opened for the rest of the run (clients, a registry login), closed when the run ends. */
    public synchronized void closeWhenDone(AutoCloseable resource) {
        toClose.push(resource);
    }

    /** Closes what steps opened, last opened first; one that fails to close does not keep the others open. */
    synchronized void closeAll() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                // Nothing to report to: the run has ended. The resource's own close logs what matters.
            }
        }
    }

    public List<String> completedSteps() {
        return List.copyOf(completedSteps);
    }

    void stepCompleted(String name) {
        completedSteps.add(name);
    }
}
