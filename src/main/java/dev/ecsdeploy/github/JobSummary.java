package dev.ecsdeploy.github;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The job summary, built in memory as Markdown and written once at the end. The runner refuses a step summary over
 * 1 MiB, so the text is cut below that with a note saying so.
 */
public final class JobSummary {
    static final int LIMIT_BYTES = 1024 * 1024 - 4 * 1024;
    private static final String TRUNCATED = "\n\n_Summary truncated: GitHub accepts at most 1 MiB._\n";

    private final StringBuilder markdown = new StringBuilder();
    private final Masker masker;

    public JobSummary(Masker masker) {
        this.masker = masker;
    }

    public synchronized JobSummary heading(int level, String text) {
        markdown.append("#".repeat(level)).append(' ').append(text).append("\n\n");
        return this;
    }

    public synchronized JobSummary paragraph(String text) {
        markdown.append(text).append("\n\n");
        return this;
    }

    public synchronized JobSummary table(List<String> headers, List<List<String>> rows) {
        markdown.append(row(headers)).append('|').append(" --- |".repeat(headers.size())).append('\n');
        for (List<String> cells : rows) {
            markdown.append(row(cells));
        }
        markdown.append('\n');
        return this;
    }

    public synchronized JobSummary code(String language, String text) {
        String fence = text.contains("```") ? "````" : "```";
        markdown.append(fence).append(language).append('\n').append(text);
        if (!text.endsWith("\n")) {
            markdown.append('\n');
        }
        markdown.append(fence).append("\n\n");
        return this;
    }

    /** A collapsed section; GitHub renders Markdown inside {@code <details>} when blank lines surround it. */
    public synchronized JobSummary details(String summary, String innerMarkdown) {
        markdown.append("<details><summary>").append(html(summary)).append("</summary>\n\n")
                .append(innerMarkdown).append("\n\n</details>\n\n");
        return this;
    }

    public synchronized String markdown() {
        String text = masker.mask(markdown.toString());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= LIMIT_BYTES) {
            return text;
        }
        int keep = LIMIT_BYTES - TRUNCATED.getBytes(StandardCharsets.UTF_8).length;
        // Cut on a character boundary: back off continuation bytes of a multi-byte UTF-8 sequence.
        while (keep > 0 && (bytes[keep] & 0xC0) == 0x80) {
            keep--;
        }
        return new String(bytes, 0, keep, StandardCharsets.UTF_8) + TRUNCATED;
    }

    public synchronized boolean isEmpty() {
        return markdown.isEmpty();
    }

    /** Puts a section first (the run's header, written once the run's verdict is known). */
    public synchronized JobSummary prepend(String sectionMarkdown) {
        markdown.insert(0, sectionMarkdown);
        return this;
    }

    /**
     * Appends the summary to GITHUB_STEP_SUMMARY; returns why it could not, or null. The summary is a report, not
     * the verdict: a file that cannot be written is named, and the run's status still decides the exit code.
     */
    public String appendTo(Path file) {
        try {
            Files.writeString(file, markdown(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return null;
        } catch (IOException | SecurityException e) {
            return "Cannot write the job summary to GITHUB_STEP_SUMMARY (" + file + "): " + Outputs.describe(e) + ".";
        }
    }

    private static String row(List<String> cells) {
        StringBuilder line = new StringBuilder("|");
        for (String cell : cells) {
            line.append(' ').append(cell == null ? "" : cell.replace("|", "\\|").replace("\n", "<br>")).append(" |");
        }
        return line.append('\n').toString();
    }

    public static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
