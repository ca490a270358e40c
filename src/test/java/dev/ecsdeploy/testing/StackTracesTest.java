package dev.ecsdeploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/** The suite's stack-trace guards: they find a Java trace and nothing else, and they fail the test that printed it. */
class StackTracesTest {
    @Test
    void findsTheLinesOfAJavaTraceOnly() {
        String output = String.join("\n",
                "Exception in thread \"main\" java.lang.IllegalStateException: boom",
                "\tat dev.ecsdeploy.Main.main(Main.java:1)",
                "    at Object.<anonymous> (/app/server.js:3:9)",
                "::error::The action stopped on an unexpected error: IllegalStateException: boom.",
                "::debug::trace%0A\tat dev.ecsdeploy.Main.main(Main.java:1)");
        assertEquals(List.of("Exception in thread \"main\" java.lang.IllegalStateException: boom",
                "\tat dev.ecsdeploy.Main.main(Main.java:1)"), StackTraces.find(output));
        assertThrows(AssertionError.class, () -> StackTraces.assertNone(output));
        StackTraces.assertNone("::error::one line, no trace");
    }

    @Test
    void everyTestOfTheSuiteFailsWhenATraceReachesStdoutOrStderr() {
        // Launched as the suite runs tests: auto-detection (src/test/resources) puts the guard on this one too.
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        TracePrinter.armed = true;
        try {
            // The launched tests print into a sink, so this test's own guard does not see their trace.
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(TracePrinter.class)).build(), listener);
        } finally {
            TracePrinter.armed = false;
            System.setOut(out);
            System.setErr(err);
        }
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(2, summary.getTestsStartedCount());
        assertEquals(1, summary.getTestsFailedCount(), "only the test that printed a trace fails");
        String why = summary.getFailures().getFirst().getException().getMessage();
        assertTrue(why.contains("a stack trace reached the test's stdout/stderr"), why);
        assertTrue(summary.getFailures().getFirst().getTestIdentifier().getDisplayName().contains("printsATrace"));
    }

    /** Not run by the suite (surefire leaves nested classes out); launched above. */
    static class TracePrinter {
        static volatile boolean armed;

        @Test
        void printsATrace() {
            if (armed) {
                new IllegalStateException("printed on purpose").printStackTrace();
            }
        }

        @Test
        void printsPlainText() {
            System.out.println("    at a Node.js frame, indented by spaces: not a Java trace");
        }
    }
}
