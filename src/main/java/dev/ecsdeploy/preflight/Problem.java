package dev.ecsdeploy.preflight;

/**
 * One thing AWS would refuse, or that would stop a deployment from ever finishing, found before anything changed.
 *
 * @param input   the input at fault ({@code task-definition}, {@code image}, {@code alarms}, ...)
 * @param path    where in the task definition, as {@code containerDefinitions[0].portMappings[0].hostPort}; empty for
 *                the whole document, null when the problem is not in the task definition
 * @param message what is wrong and how to fix it
 */
public record Problem(String input, String path, String message) {
    public static final String TASK_DEFINITION = "task-definition";

    /** A problem in the task definition at {@code path}. */
    public static Problem at(String path, String message) {
        return new Problem(TASK_DEFINITION, path, message);
    }

    /** The JSON pointer of {@link #path}: {@code /containerDefinitions/0/portMappings/0/hostPort}. */
    public String pointer() {
        if (path == null || path.isEmpty()) {
            return "";
        }
        return "/" + path.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    }
}
