package dev.ecsdeploy.github;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Step outputs. Inside Actions each value is appended to GITHUB_OUTPUT the moment it is set, so a later failure
 * leaves the earlier outputs in place; outside Actions they print to stdout as {@code name=value}.
 */
public final class Outputs {
    private final Path outputFile;
    private final PrintStream stdout;
    private final Masker masker;
    private final Supplier<String> delimiters;
    private final Consumer<String> onUnwritable;
    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean unwritable;

    public Outputs(Path outputFile, PrintStream stdout, Masker masker) {
        this(outputFile, stdout, masker, message -> {
        });
    }

    /**
     * {@code onUnwritable} hears once, in words, that GITHUB_OUTPUT cannot be written; the run goes on (its verdict,
     * not the file, decides the exit status) and later values are kept in memory only.
     */
    public Outputs(Path outputFile, PrintStream stdout, Masker masker, Consumer<String> onUnwritable) {
        this(outputFile, stdout, masker, () -> "ghadelimiter_" + UUID.randomUUID(), onUnwritable);
    }

    Outputs(Path outputFile, PrintStream stdout, Masker masker, Supplier<String> delimiters) {
        this(outputFile, stdout, masker, delimiters, message -> {
        });
    }

    private Outputs(Path outputFile, PrintStream stdout, Masker masker, Supplier<String> delimiters,
                    Consumer<String> onUnwritable) {
        this.outputFile = outputFile;
        this.stdout = stdout;
        this.masker = masker;
        this.delimiters = delimiters;
        this.onUnwritable = onUnwritable;
    }

    public void set(ActionOutput output, Object value) {
        set(output.outputName(), value);
    }

    private synchronized void set(String name, Object value) {
        String text = masker.mask(value == null ? "" : value.toString());
        values.put(name, text);
        if (outputFile == null) {
            stdout.println(WorkflowCommands.neutralise(name + "=" + text.replace("\r", "\\r").replace("\n", "\\n")));
            return;
        }
        if (unwritable) {
            return;
        }
        try {
            Files.writeString(outputFile, format(name, text), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | SecurityException e) {
            unwritable = true;
            onUnwritable.accept("Cannot write the step outputs to GITHUB_OUTPUT (" + outputFile + "): "
                    + describe(e) + ". Later steps will not see this step's outputs.");
        }
    }

    /** True once GITHUB_OUTPUT refused a write. */
    public synchronized boolean unwritable() {
        return unwritable;
    }

    static String describe(Exception e) {
        String kind = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                : e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return kind;
    }

    /** The runner's file-command syntax (FileCommandManager.cs), refusing a value that contains the delimiter. */
    String format(String name, String value) {
        if (!value.contains("\n") && !value.contains("\r")) {
            return name + "=" + value + "\n";
        }
        String delimiter = delimiters.get();
        if (name.contains(delimiter) || value.contains(delimiter)) {
            throw new IllegalArgumentException("Output " + name + " contains the delimiter " + delimiter);
        }
        return name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n";
    }

    public synchronized Map<String, String> values() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public synchronized String get(ActionOutput output) {
        return values.get(output.outputName());
    }
}
