package dev.ecsdeploy.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of the event payload at GITHUB_EVENT_PATH that decide whether and what to deploy.
 *
 * @param name            GITHUB_EVENT_NAME: pull_request, workflow_dispatch, push, ... (null outside Actions)
 * @param pullRequest     set for pull_request / pull_request_target events
 * @param dispatchInputs  workflow_dispatch inputs, always strings (the runner sends booleans as "true"/"false")
 * @param headCommitUrl   push: head_commit.url; pull_request: the merge commit, when known
 */
public record GithubEvent(String name, PullRequest pullRequest, Map<String, String> dispatchInputs,
                          String headCommitUrl) {

    public record PullRequest(String action, boolean merged, String baseRef, String headRef, int number,
                              String htmlUrl, String mergeCommitSha, String title) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static GithubEvent none(String name) {
        return new GithubEvent(name, null, Map.of(), null);
    }

    public static GithubEvent read(String name, Path payloadFile) throws IOException {
        if (payloadFile == null || !Files.isRegularFile(payloadFile)) {
            return none(name);
        }
        return parse(name, JSON.readTree(payloadFile.toFile()));
    }

    static GithubEvent parse(String name, JsonNode payload) {
        PullRequest pullRequest = null;
        JsonNode pr = payload.path("pull_request");
        if (pr.isObject()) {
            pullRequest = new PullRequest(
                    text(payload, "action"),
                    pr.path("merged").asBoolean(false),
                    text(pr.path("base"), "ref"),
                    text(pr.path("head"), "ref"),
                    payload.path("number").asInt(pr.path("number").asInt()),
                    text(pr, "html_url"),
                    text(pr, "merge_commit_sha"),
                    text(pr, "title"));
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        payload.path("inputs").properties().forEach(entry ->
                inputs.put(entry.getKey(), entry.getValue().isNull() ? "" : entry.getValue().asText()));
        String headCommitUrl = text(payload.path("head_commit"), "url");
        if (headCommitUrl == null && pullRequest != null && pullRequest.mergeCommitSha() != null) {
            String repoUrl = text(payload.path("repository"), "html_url");
            headCommitUrl = repoUrl == null ? null : repoUrl + "/commit/" + pullRequest.mergeCommitSha();
        }
        return new GithubEvent(name, pullRequest, Map.copyOf(inputs), headCommitUrl);
    }

    public boolean isPullRequest() {
        return "pull_request".equals(name) || "pull_request_target".equals(name) || pullRequest != null && name == null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
