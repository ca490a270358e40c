package dev.ecsdeploy.trigger;

import dev.ecsdeploy.github.GithubEvent;
import dev.ecsdeploy.util.Decision;

/**
 * Whether this event should deploy, as the source workflow's {@code if:} decides it: with a release branch set, a
 * pull_request event deploys only when the PR was merged into the base branch from a head ref containing the release
 * branch. Every other event (workflow_dispatch, push, a terminal run) deploys.
 */
@Decision
public final class TriggerGate {
    private TriggerGate() {
    }

    public record Decision(boolean deploy, String reason) {
        static Decision deploy(String reason) {
            return new Decision(true, reason);
        }

        static Decision skip(String reason) {
            return new Decision(false, reason);
        }
    }

    public static Decision decide(GithubEvent event, String releaseBranch, String baseBranch) {
        if (releaseBranch == null || releaseBranch.isBlank()) {
            return Decision.deploy("no release-branch set");
        }
        if (!event.isPullRequest()) {
            return Decision.deploy(event.name() == null ? "not a pull_request event" : event.name() + " event");
        }
        GithubEvent.PullRequest pr = event.pullRequest();
        if (pr == null) {
            return Decision.skip("the pull_request event has no pull request in its payload");
        }
        String which = pr.number() > 0 ? "PR #" + pr.number() : "the pull request";
        if (!pr.merged()) {
            return Decision.skip(which + " was " + (pr.action() == null ? "not merged" : pr.action() + " without merging"));
        }
        if (!baseBranch.equals(pr.baseRef())) {
            return Decision.skip(which + " was merged into " + pr.baseRef() + ", not " + baseBranch);
        }
        if (pr.headRef() == null || !pr.headRef().contains(releaseBranch)) {
            return Decision.skip(which + " came from " + pr.headRef() + ", which does not contain " + releaseBranch);
        }
        return Decision.deploy(which + " from " + pr.headRef() + " was merged into " + baseBranch);
    }
}
