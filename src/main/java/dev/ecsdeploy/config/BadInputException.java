package dev.ecsdeploy.config;

import dev.ecsdeploy.util.Annotation;

/**
 * Bad input or configuration, found before anything in AWS changed: exit status 2, one {@code ::error} that names the
 * input and says how to fix it, pointing at a file and line when there is one.
 */
public class BadInputException extends RuntimeException {
    private final String input;
    private final Annotation where;

    public BadInputException(String input, String message) {
        this(input, message, null);
    }

    public BadInputException(String input, String message, Annotation where) {
        super(message);
        this.input = input;
        this.where = where;
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
