package dev.ecsdeploy.github;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replaces every registered secret with {@code ***} in text the action writes anywhere: the log, outputs, the job
 * summary and Slack. The runner masks its own log once it has seen {@code ::add-mask::}, but not the summary or what we
 * send to Slack, and outside Actions nobody masks at all, so the action masks everything itself.
 */
public final class Masker {
    public static final String MASK = "***";
    // Very short values would mask innocent text ("1", "a"); the runner ignores those too.
    private static final int MIN_SECRET_LENGTH = 3;

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    /** Registers a secret (and each line of it, as the runner does); returns true if it was new. */
    public boolean add(String secret) {
        if (secret == null || secret.isBlank() || secret.length() < MIN_SECRET_LENGTH || secrets.contains(secret)) {
            return false;
        }
        secrets.add(secret);
        for (String line : secret.split("\\R")) {
            if (!line.equals(secret) && line.trim().length() >= MIN_SECRET_LENGTH && !secrets.contains(line.trim())) {
                secrets.add(line.trim());
            }
        }
        // Longest first, so a secret containing another is replaced whole.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return true;
    }

    public String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }
}
