package dev.ecsdeploy.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One JSON line per request: time, service, operation, HTTP status, error code (null on success) and, for Slack,
 * the payload received. Kept in memory for {@code Sandbox.auditEntries()} and appended to the file when one is given.
 */
public final class Audit implements AutoCloseable {
    private final List<JsonNode> entries = new ArrayList<>();
    private final BufferedWriter writer;

    public Audit(Path file) {
        try {
            if (file != null && file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            this.writer = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the audit file " + file, e);
        }
    }

    public synchronized void record(String service, String operation, int status, String errorCode,
                                    JsonNode payload) {
        ObjectNode line = Wire.object();
        line.put("time", Instant.now().toString());
        line.put("service", service);
        line.put("operation", operation);
        line.put("status", status);
        line.put("errorCode", errorCode);
        if (payload != null) {
            line.set("payload", payload);
        }
        entries.add(line);
        if (writer != null) {
            try {
                writer.write(line.toString());
                writer.newLine();
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public synchronized List<JsonNode> entries() {
        return List.copyOf(entries);
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // closing at shutdown
            }
        }
    }
}
