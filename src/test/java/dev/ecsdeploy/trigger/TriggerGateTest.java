package dev.ecsdeploy.trigger;

import dev.ecsdeploy.github.GithubEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriggerGateTest {
    private static GithubEvent pullRequest(String action, boolean merged, String base, String head) {
        return new GithubEvent("pull_request",
                new GithubEvent.PullRequest(action, merged, base, head, 7, null, null, null), Map.of(), null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case                             | event             | action | merged | base    | head                | release-branch | deploy
            "merged release PR                  | pull_request      | closed | true   | main    | release/web1        | release/web1   | true",
            "head ref only contains it          | pull_request      | closed | true   | main    | team/release/web1-a | release/web1   | true",
            "merged feature PR                  | pull_request      | closed | true   | main    | feature/login       | release/web1   | false",
            "closed without merging             | pull_request      | closed | false  | main    | release/web1        | release/web1   | false",
            "merged into another base           | pull_request      | closed | true   | develop | release/web1        | release/web1   | false",
            "other app's release                | pull_request      | closed | true   | main    | release/web2        | release/web1   | false",
            "no release branch: always deploys  | pull_request      | closed | false  | main    | feature/login       |                | true",
            "dispatch always runs               | workflow_dispatch |        | false  |         |                     | release/web1   | true",
            "push always runs                   | push              |        | false  |         |                     | release/web1   | true",
    })
    void decides(String name, String event, String action, boolean merged, String base, String head,
                 String releaseBranch, boolean deploy) {
        GithubEvent githubEvent = event.equals("pull_request") ? pullRequest(action, merged, base, head)
                : GithubEvent.none(event);
        assertEquals(deploy, TriggerGate.decide(githubEvent, releaseBranch, "main").deploy());
    }
}
