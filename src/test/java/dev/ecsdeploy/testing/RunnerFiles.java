package dev.ecsdeploy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads GITHUB_OUTPUT the way the runner does (FileCommandManager.cs): {@code name=value} lines and
 * {@code name<<DELIMITER} blocks, failing loudly on anything the runner would reject.
 */
public final class RunnerFiles {
    private RunnerFiles() {
    }

    public static Map<String, String> readOutputs(Path file) throws IOException {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return outputs;
        }
        List<String> lines = List.of(Files.readString(file).split("\n", -1));
        if (!lines.getLast().isEmpty()) {
            throw new IllegalStateException("EOF marker missing new line");
        }
        int index = 0;
        while (index < lines.size() - 1) {
            String line = lines.get(index++);
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            int heredoc = line.indexOf("<<");
            if (equals > 0 && (heredoc < 0 || equals < heredoc)) {
                outputs.put(line.substring(0, equals), line.substring(equals + 1));
            } else if (heredoc > 0) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (index >= lines.size() - 1) {
                        throw new IllegalStateException("Matching delimiter not found '" + delimiter + "'");
                    }
                    String valueLine = lines.get(index++);
                    if (valueLine.equals(delimiter)) {
                        break;
                    }
                    if (!value.isEmpty()) {
                        value.append('\n');
                    }
                    value.append(valueLine);
                }
                outputs.put(name, value.toString());
            } else {
                throw new IllegalStateException("Invalid format '" + line + "'");
            }
        }
        return outputs;
    }
}
