package dev.ecsdeploy.taskdef;

import java.util.ArrayList;
import java.util.List;

/** The {@code verify} report: checks in a tree, each passed, failed or skipped, printed like {@code tree}. */
final class CheckTree {
    enum Result {
        PASS("✔"), FAIL("✘"), SKIP("–"), GROUP("");

        private final String mark;

        Result(String mark) {
            this.mark = mark;
        }
    }

    private final Result result;
    private final String text;
    private final List<CheckTree> children = new ArrayList<>();

    CheckTree(String text) {
        this(Result.GROUP, text);
    }

    private CheckTree(Result result, String text) {
        this.result = result;
        this.text = text;
    }

    CheckTree group(String childText) {
        CheckTree child = new CheckTree(Result.GROUP, childText);
        children.add(child);
        return child;
    }

    CheckTree check(boolean passed, String passText, String failText) {
        return add(passed ? Result.PASS : Result.FAIL, passed ? passText : failText);
    }

    CheckTree pass(String childText) {
        return add(Result.PASS, childText);
    }

    CheckTree fail(String childText) {
        return add(Result.FAIL, childText);
    }

    CheckTree skip(String childText) {
        return add(Result.SKIP, childText);
    }

    private CheckTree add(Result childResult, String childText) {
        CheckTree child = new CheckTree(childResult, childText);
        children.add(child);
        return child;
    }

    /** Every failed check's text, depth first. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (result == Result.FAIL) {
            failures.add(text);
        }
        children.forEach(child -> failures.addAll(child.failures()));
        return failures;
    }

    String render() {
        StringBuilder out = new StringBuilder(line()).append('\n');
        renderChildren(out, "");
        return out.toString();
    }

    private void renderChildren(StringBuilder out, String indent) {
        for (int index = 0; index < children.size(); index++) {
            boolean last = index == children.size() - 1;
            CheckTree child = children.get(index);
            out.append(indent).append(last ? "└─ " : "├─ ").append(child.line()).append('\n');
            child.renderChildren(out, indent + (last ? "   " : "│  "));
        }
    }

    private String line() {
        return result == Result.GROUP ? text : result.mark + " " + text;
    }
}
