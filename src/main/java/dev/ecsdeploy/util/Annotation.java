package dev.ecsdeploy.util;

/**
 * Where an annotation points: a file (relative to the workspace), a line, and a title shown in bold above the message.
 * Any part may be null.
 */
public record Annotation(String file, Integer line, String title) {
    public static Annotation titled(String title) {
        return new Annotation(null, null, title);
    }

    public static Annotation at(String file, Integer line) {
        return new Annotation(file, line, null);
    }

    public Annotation withTitle(String newTitle) {
        return new Annotation(file, line, newTitle);
    }
}
