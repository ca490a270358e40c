package dev.ecsdeploy.github;

import java.nio.file.Path;
import java.util.Map;

/** The runner's GITHUB_* variables the action uses, and the links derived from them. */
public record GithubContext(
        boolean inActions,
        String serverUrl,
        String repository,
        String runId,
        String runAttempt,
        String workflow,
        String job,
        String actor,
        String sha,
        String refName,
        String eventName,
        Path eventPath,
        Path workspace,
        Path outputFile,
        Path summaryFile) {

    public static GithubContext from(Map<String, String> env) {
        return new GithubContext(
                "true".equalsIgnoreCase(env.get("GITHUB_ACTIONS")),
                env.getOrDefault("GITHUB_SERVER_URL", "https://github.com"),
                blankToNull(env.get("GITHUB_REPOSITORY")),
                blankToNull(env.get("GITHUB_RUN_ID")),
                blankToNull(env.get("GITHUB_RUN_ATTEMPT")),
                blankToNull(env.get("GITHUB_WORKFLOW")),
                blankToNull(env.get("GITHUB_JOB")),
                blankToNull(env.get("GITHUB_ACTOR")),
                blankToNull(env.get("GITHUB_SHA")),
                blankToNull(env.get("GITHUB_REF_NAME")),
                blankToNull(env.get("GITHUB_EVENT_NAME")),
                path(env.get("GITHUB_EVENT_PATH")),
                path(env.getOrDefault("GITHUB_WORKSPACE", System.getProperty("user.dir"))),
                path(env.get("GITHUB_OUTPUT")),
                path(env.get("GITHUB_STEP_SUMMARY")));
    }

    /** Link to this workflow run, or null outside Actions. */
    public String runUrl() {
        if (repository == null || runId == null) {
            return null;
        }
        String url = serverUrl + "/" + repository + "/actions/runs/" + runId;
        return runAttempt == null || runAttempt.equals("1") ? url : url + "/attempts/" + runAttempt;
    }

    public String commitUrl() {
        return repository == null || sha == null ? null : serverUrl + "/" + repository + "/commit/" + sha;
    }

    public String repositoryUrl() {
        return repository == null ? null : serverUrl + "/" + repository;
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
