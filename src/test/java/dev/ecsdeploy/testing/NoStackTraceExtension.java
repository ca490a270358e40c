package dev.ecsdeploy.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Applied to every test of the suite (auto-detected, see src/test/resources): whatever reaches the JVM's stdout and
 * stderr while a test runs is also kept, and the test fails if a line of it starts with {@code \tat } or
 * {@code Exception in thread}. The harnesses check what the action printed to its own streams ({@link StackTraces});
 * this catches the rest: a thread that died, a trace printed by anything in-process.
 */
public final class NoStackTraceExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            NoStackTraceExtension.class);

    private record Capture(PrintStream out, PrintStream err, ByteArrayOutputStream seen) {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        Capture capture = new Capture(System.out, System.err, seen);
        context.getStore(NAMESPACE).put(Capture.class, capture);
        System.setOut(new PrintStream(new Tee(capture.out(), seen), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(capture.err(), seen), true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Capture capture = context.getStore(NAMESPACE).remove(Capture.class, Capture.class);
        if (capture == null) {
            return;
        }
        System.out.flush();
        System.err.flush();
        System.setOut(capture.out());
        System.setErr(capture.err());
        String printed;
        synchronized (capture.seen()) {
            printed = capture.seen().toString(StandardCharsets.UTF_8);
        }
        List<String> traces = StackTraces.find(printed);
        if (!traces.isEmpty()) {
            throw new AssertionError("a stack trace reached the test's stdout/stderr (" + traces.size()
                    + " lines, first: " + traces.getFirst().strip() + "):\n" + printed);
        }
    }

    /** Writes to the real stream and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream real;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream real, ByteArrayOutputStream copy) {
            this.real = real;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                real.write(b);
            } catch (java.io.IOException e) {
                // the real stream is the console; losing a byte there must not fail the test
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
            try {
                real.write(bytes, offset, length);
            } catch (java.io.IOException e) {
                // as above
            }
        }

        @Override
        public void flush() {
            try {
                real.flush();
            } catch (java.io.IOException e) {
                // as above
            }
        }
    }
}
