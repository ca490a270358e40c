package dev.ecsdeploy.image.engine;

/**
 * The engine answered a call with an error ({@code status} >= 400, its {@code message} as the message), or could not
 * be reached ({@code status} 0): the call did not do what was asked.
 */
public final class EngineException extends Exception {
    private final int status;

    public EngineException(int status, String message) {
        super(message);
        this.status = status;
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public boolean unreachable() {
        return status == 0;
    }
}
