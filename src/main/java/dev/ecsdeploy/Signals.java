package dev.ecsdeploy;

import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT (what the runner sends when a workflow is cancelled) into a cancellation the pipeline
 * handles, instead of the JVM's immediate shutdown: the deployment is stopped with rollback and the outputs written
 * before the process exits with status 1.
 */
final class Signals {
    private Signals() {
    }

    static void onTermination(Consumer<String> handler) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> handler.accept("SIG" + signal.getName()));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // The signal is reserved on this platform; the JVM's default handling stays.
            }
        }
    }
}
