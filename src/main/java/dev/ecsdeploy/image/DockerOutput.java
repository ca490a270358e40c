package dev.ecsdeploy.image;

import java.util.List;

/**
 * What a Docker command printed, through the CLI or the Engine API (rendered as the CLI prints it): its exit code and
 * its output, stdout and stderr interleaved (only the last lines of a long output). {@link PushResults},
 * {@link BuildFailure} and {@link RegistryRetry} read it the same on both paths.
 */
public record DockerOutput(int exitCode, List<String> lines) {
    public boolean ok() {
        return exitCode == 0;
    }

    public String text() {
        return String.join("\n", lines);
    }

    /** The last non-blank line, usually the error. */
    public String lastLine() {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).trim();
            }
        }
        return "";
    }
}
