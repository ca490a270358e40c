package dev.ecsdeploy.config;

import dev.ecsdeploy.util.Annotation;
import java.util.List;

/**
 * Bad input or configuration, found before anything in AWS changed: exit status 2, one {@code ::error} that names the
 * input and says how to fix it, pointing at a file and line when there is one.
 */
public class BadInputException extends RuntimeException {
    private final String input;
    private final Annotation where;
    private final List<BadInputException> each;

    public BadInputException(String input, String message) {
        this(input, message, null);
    }

    public BadInputException(String input, String message, Annotation where) {
        super(message);
        this.input = input;
        this.where = where;
        this.each = List.of(this);
    }

    private BadInputException(String message, List<BadInputException> problems) {
        super(message);
        this.input = null;
        this.where = null;
        this.each = List.copyOf(problems);
    }

    /**
     * Several problems found at once (the pre-flight): the pipeline prints one {@code ::error} for each, so the user
     * fixes them all in one round instead of one per run.
     */
    public static BadInputException all(List<BadInputException> problems) {
        if (problems.size() == 1) {
            return problems.getFirst();
        }
        return new BadInputException(problems.size() + " problems, each shown above: "
                + String.join("; ", problems.stream().map(Throwable::getMessage).toList()), problems);
    }

    /** The problems to print, one {@code ::error} each: just this one, unless made by {@link #all}. */
    public List<BadInputException> each() {
        return each;
    }

    /** The input at fault, or null when the fault is in configuration rather than one input. */
    public String input() {
        return input;
    }

    public Annotation where() {
        return where;
    }

    public Annotation annotation() {
        String title = input == null ? "Invalid configuration" : "Invalid input " + input;
        return where == null ? Annotation.titled(title) : where.withTitle(title);
    }
}
