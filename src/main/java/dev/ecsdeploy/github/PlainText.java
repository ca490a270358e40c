package dev.ecsdeploy.github;

import dev.ecsdeploy.util.Annotation;
import java.util.ArrayList;
import java.util.List;

/** How annotations read on a terminal, where the runner is not there to turn {@code ::error} into one. */
final class PlainText {
    private PlainText() {
    }

    /**
     * {@code error: message} (continuation lines indented), then where it points: {@code error: title (file:line)}
     * when there is a title or a file.
     */
    static List<String> annotation(String level, Annotation where, String message) {
        StringBuilder head = new StringBuilder(level).append(": ");
        String title = where == null ? null : where.title();
        String file = where == null ? null : where.file();
        if (title != null && !title.isEmpty()) {
            head.append(title);
        }
        if (file != null && !file.isEmpty()) {
            head.append(head.length() > level.length() + 2 ? " " : "").append("(").append(file)
                    .append(where.line() == null ? "" : ":" + where.line()).append(")");
        }
        List<String> lines = new ArrayList<>();
        String[] messageLines = (message == null ? "" : message).split("\\R", -1);
        if (head.length() == level.length() + 2) {
            lines.add(head + messageLines[0]);
        } else {
            lines.add(head.toString());
            lines.add("  " + messageLines[0]);
        }
        for (int i = 1; i < messageLines.length; i++) {
            lines.add("  " + messageLines[i]);
        }
        return lines;
    }
}
