package dev.ecsdeploy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.GithubContext;
import dev.ecsdeploy.github.GithubEvent;
import dev.ecsdeploy.github.JobSummary;
import dev.ecsdeploy.github.Masker;
import dev.ecsdeploy.github.Outputs;
import dev.ecsdeploy.notify.SlackTestServer.Answer;
import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.pipeline.DeploymentReport;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.Outcome;
import dev.ecsdeploy.pipeline.Pipeline;
import dev.ecsdeploy.pipeline.ResolvedVersion;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.StepFailedException;
import dev.ecsdeploy.testing.ActionHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * NotifyStep in a real {@link Pipeline} with Slack on a local HTTP server. The step before it stands in for the
 * deploy stage (it leaves what a deploy leaves on the run state), so the Web API flow is shown without AWS.
 */
class NotifyStepTest {
    private static final String POSTED = "{\"ok\":true,\"channel\":\"C0DEPLOYS\",\"ts\":\"1764390000.000100\"}";
    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(2));

    private final SlackTestServer slack = new SlackTestServer();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Outputs outputs;

    @AfterEach
    void stop() {
        slack.close();
    }

    /** Leaves a deployment report as the deploy stage does, then succeeds or fails the way it is told. */
    private record DeployStandIn(DeploymentStatus ending, String reason, List<String> causes) implements Step {
        @Override
        public String name() {
            return "deploy";
        }

        @Override
        public void plan(RunContext context) {
            context.state().put(Results.VERSION, new ResolvedVersion("v1.4.2", "version input"));
            context.state().put(Results.DEPLOYMENT, new DeploymentReport("demo", "web", "rolling", null, null,
                    false, null, List.of(), null));
        }

        @Override
        public void apply(RunContext context) {
            context.state().put(Results.DEPLOYMENT, new DeploymentReport("demo", "web", "rolling",
                    "arn:deployment", ending, ending != DeploymentStatus.SUCCESSFUL, reason, causes, "https://console.example/web"));
            if (ending != DeploymentStatus.SUCCESSFUL) {
                throw new StepFailedException(ending, reason, null, null);
            }
        }
    }

    private final Cancellation cancellation = new Cancellation();

    private Outcome run(Step deploy, Map<String, String> inputs) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_API_URL", slack.url("/slack/api/").toString());
        env.put("GITHUB_REPOSITORY", "acme/shop");
        env.put("GITHUB_RUN_ID", "42");
        env.put("GITHUB_ACTOR", "jimin");
        env.put("AWS_REGION", "us-east-1");
        inputs.forEach((name, value) -> env.put("INPUT_" + name.toUpperCase(), value));
        Masker masker = new Masker();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        ActionLog actionLog = new ActionLog(out, masker, true, false);
        ActionInputs actionInputs = ActionInputs.resolve(Map.of(), env, ActionHarness.FIXTURES, "main",
                actionLog::mask).validate();
        outputs = new Outputs(null, out, masker);
        try (RunContext context = new RunContext("deploy", false, actionInputs, env, GithubContext.from(env),
                GithubEvent.none("workflow_dispatch"), actionLog, outputs, new JobSummary(masker), cancellation,
                Clock.systemUTC())) {
            return new Pipeline(List.of(deploy, new NotifyStep(QUICK))).run(context);
        }
    }

    private static Map<String, String> botToken(String... more) {
        Map<String, String> inputs = new HashMap<>(Map.of("slack-bot-token", "xoxb-test-token",
                "slack-channel", "#deploys", "service", "web", "cluster", "demo"));
        for (int i = 0; i < more.length; i += 2) {
            inputs.put(more[i], more[i + 1]);
        }
        return inputs;
    }

    private String logText() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void postsDeployingAtTheStartThenUpdatesTheSameMessageWithTheResult() {
        slack.then(Answer.ok(POSTED), Answer.ok(POSTED));

        Outcome outcome = run(new DeployStandIn(DeploymentStatus.SUCCESSFUL, null, List.of()), botToken());

        assertEquals(DeploymentStatus.SUCCESSFUL, outcome.status());
        List<SlackTestServer.Request> requests = slack.requests();
        assertEquals(List.of("/slack/api/chat.postMessage", "/slack/api/chat.update"),
                requests.stream().map(SlackTestServer.Request::path).toList(), logText());
        assertEquals("Deploying web v1.4.2", requests.get(0).form().get("text"));
        assertTrue(requests.get(0).form().get("blocks").contains(":hourglass_flowing_sand: Deploying web v1.4.2"));
        Map<String, String> update = requests.get(1).form();
        assertEquals("1764390000.000100", update.get("ts"));
        assertEquals("C0DEPLOYS", update.get("channel"));
        assertEquals("Deployed web v1.4.2", update.get("text"));
        assertTrue(update.get("blocks").contains(":white_check_mark: Deployed web v1.4.2"), update.get("blocks"));
        assertEquals("1764390000.000100", outputs.values().get("slack-message-ts"));
    }

    @Test
    void aRolledBackDeploymentUpdatesTheMessageWithReasonCausesAndMention() {
        slack.then(Answer.ok(POSTED), Answer.ok(POSTED));

        run(new DeployStandIn(DeploymentStatus.ROLLED_BACK, "The circuit breaker rolled web back",
                List.of("3 tasks: CannotPullContainerError: image not found")),
                botToken("slack-mention-on-failure", "<!subteam^S0ONCALL>"));

        Map<String, String> update = slack.requests().get(1).form();
        assertEquals("<!subteam^S0ONCALL> web v1.4.2 failed and was rolled back: The circuit breaker rolled web back",
                update.get("text"));
        assertTrue(update.get("blocks").contains("CannotPullContainerError"), update.get("blocks"));
    }

    @Test
    void whenTheStartMessageFailedTheResultIsPostedAsANewMessage() {
        slack.then(Answer.status(500), Answer.status(500), Answer.status(500), Answer.ok(POSTED));

        Outcome outcome = run(new DeployStandIn(DeploymentStatus.SUCCESSFUL, null, List.of()), botToken());

        assertEquals(0, outcome.exitCode());
        List<SlackTestServer.Request> requests = slack.requests();
        assertEquals(4, requests.size());
        assertEquals("/slack/api/chat.postMessage", requests.get(3).path());
        assertEquals("Deployed web v1.4.2", requests.get(3).form().get("text"));
        assertTrue(logText().contains("::warning::Slack: could not post the start message"), logText());
    }

    @Test
    void whenTheStartMessageIsGoneTheResultIsPostedAgain() {
        slack.then(Answer.ok(POSTED), Answer.ok("{\"ok\":false,\"error\":\"message_not_found\"}"), Answer.ok(POSTED));

        run(new DeployStandIn(DeploymentStatus.SUCCESSFUL, null, List.of()), botToken());

        assertEquals(List.of("/slack/api/chat.postMessage", "/slack/api/chat.update", "/slack/api/chat.postMessage"),
                slack.requests().stream().map(SlackTestServer.Request::path).toList());
    }

    @Test
    void notifyOnFailureSaysNothingAtTheStartAndNothingOnSuccess() {
        run(new DeployStandIn(DeploymentStatus.SUCCESSFUL, null, List.of()), botToken("slack-notify-on", "failure"));

        assertEquals(List.of(), slack.requests());
    }

    @Test
    void notifyOnFailurePostsOneMessageWhenItFails() {
        slack.then(Answer.ok(POSTED));

        run(new DeployStandIn(DeploymentStatus.TIMED_OUT, "Timed out after 30m", List.of()),
                botToken("slack-notify-on", "failure"));

        assertEquals(1, slack.requests().size());
        assertEquals("web v1.4.2 timed out: Timed out after 30m", slack.requests().getFirst().form().get("text"));
    }

    @Test
    void slackDownForTheWholeRunCostsSecondsAndOnlyWarnings() {
        slack.otherwise(Answer.status(503));
        long start = System.nanoTime();

        Outcome outcome = run(new DeployStandIn(DeploymentStatus.SUCCESSFUL, null, List.of()), botToken());

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(0, outcome.exitCode());
        assertEquals(6, slack.requests().size(), "three attempts for the start, three for the end");
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
        assertEquals(2, logText().lines().filter(line -> line.startsWith("::warning::Slack")).count(), logText());
    }

    @Test
    void aCancelledRunIsAnnouncedWithOneAttemptSoTheRollbackKeepsItsTime() {
        slack.then(Answer.ok(POSTED)).otherwise(Answer.status(500));
        Outcome outcome = run(new Step() {
            @Override
            public String name() {
                return "deploy";
            }

            @Override
            public void apply(RunContext context) {
                cancellation.cancel("SIGTERM");
                throw new StepFailedException(DeploymentStatus.CANCELLED, "Cancelled (SIGTERM) while deploying",
                        null, null);
            }
        }, botToken());

        assertEquals(DeploymentStatus.CANCELLED, outcome.status());
        assertEquals(List.of("/slack/api/chat.postMessage", "/slack/api/chat.update"),
                slack.requests().stream().map(SlackTestServer.Request::path).toList(), "no retry of the update");
        assertTrue(logText().contains("::warning::Slack: the result was not posted"), logText());
    }

    @Test
    void anUpdateSlackKeepsRefusingIsRetriedThenAWarning() {
        slack.then(Answer.ok(POSTED)).otherwise(Answer.status(502));

        Outcome outcome = run(new DeployStandIn(DeploymentStatus.SUCCESSFUL, null, List.of()), botToken());

        assertEquals(0, outcome.exitCode());
        assertEquals(List.of("/slack/api/chat.postMessage", "/slack/api/chat.update", "/slack/api/chat.update",
                        "/slack/api/chat.update"),
                slack.requests().stream().map(SlackTestServer.Request::path).toList());
        assertTrue(logText().contains("::warning::Slack: the result was not posted: Slack chat.update answered HTTP"
                + " 502 (3 attempts"), logText());
    }
}
