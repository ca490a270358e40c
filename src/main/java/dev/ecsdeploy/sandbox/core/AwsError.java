package dev.ecsdeploy.sandbox.core;

/** An error answered the way the AWS service answers it: its error code ({@code __type}), message and HTTP status. */
public final class AwsError extends RuntimeException {
    private final String code;
    private final int status;

    public AwsError(String code, String message, int status) {
        super(message);
        this.code = code;
        this.status = status;
    }

    /** A client-side error (HTTP 400). */
    public static AwsError client(String code, String message) {
        return new AwsError(code, message, 400);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
