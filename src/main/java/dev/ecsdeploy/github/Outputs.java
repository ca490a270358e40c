package dev.ecsdeploy.github;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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
    private final Map<String, String> values = new LinkedHashMap<>();

    public Outputs(Path outputFile, PrintStream stdout, Masker masker) {
        this(outputFile, stdout, masker, () -> "ghadelimiter_" + UUID.randomUUID());
    }

    Outputs(Path outputFile, PrintStream stdout, Masker masker, Supplier<String> delimiters) {
        this.outputFile = outputFile;
        this.stdout = stdout;
        this.masker = masker;
        this.delimiters = delimiters;
    }

    public void set(ActionOutput output, Object value) {
        set(output.outputName(), value);
    }

    private synchronized void set(String name, Object value) {
        String text = masker.mask(value == null ? "" : value.toString());
        values.put(name, text);
        if (outputFile == null) {
            stdout.println(name + "=" + text.replace("\n", "\\n"));
            return;
        }
        try {
            Files.writeString(outputFile, format(name, text), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write output " + name + " to GITHUB_OUTPUT " + outputFile, e);
        }
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
