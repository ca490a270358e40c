package dev.ecsdeploy.pipeline;

import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.GithubContext;
import dev.ecsdeploy.github.GithubEvent;
import dev.ecsdeploy.github.JobSummary;
import dev.ecsdeploy.github.Outputs;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** Everything a step may use: inputs, the runner's facilities, AWS, and the state earlier steps left. */
public final class RunContext implements AutoCloseable {
    private final String command;
    private final ActionInputs inputs;
    private final Map<String, String> env;
    private final GithubContext github;
    private final GithubEvent event;
    private final ActionLog log;
    private final Outputs outputs;
    private final JobSummary summary;
    private final Cancellation cancellation;
    private final Clock clock;
    private final Instant startedAt;
    private final boolean planOnly;
    private final RunState state = new RunState();
    private AwsClients aws;

    /** {@code planOnly}: the command only plans (render, diff, verify, status); see {@link Pipeline#planOnly}. */
    public RunContext(String command, boolean planOnly, ActionInputs inputs, Map<String, String> env,
                      GithubContext github, GithubEvent event, ActionLog log, Outputs outputs, JobSummary summary,
                      Cancellation cancellation, Clock clock) {
        this.command = command;
        this.planOnly = planOnly;
        this.inputs = inputs;
        this.env = env;
        this.github = github;
        this.event = event;
        this.log = log;
        this.outputs = outputs;
        this.summary = summary;
        this.cancellation = cancellation;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** deploy, rollback, render, diff, verify or status. */
    public String command() {
        return command;
    }

    public ActionInputs inputs() {
        return inputs;
    }

    /** The process environment (or the one a test or the demo supplies). */
    public Map<String, String> env() {
        return env;
    }

    public GithubContext github() {
        return github;
    }

    public GithubEvent event() {
        return event;
    }

    public ActionLog log() {
        return log;
    }

    public Outputs outputs() {
        return outputs;
    }

    public JobSummary summary() {
        return summary;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    public Clock clock() {
        return clock;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public RunState state() {
        return state;
    }

    /** True for a command that only plans (render, diff, verify, status): nothing applies, by nature. */
    public boolean planOnly() {
        return planOnly;
    }

    /**
     * True for a deploy or rollback asked to stop after planning (the {@code dry-run} input). A plan-only command is
     * not a dry run: {@code render} is its own command, not a rehearsal of a deploy.
     */
    public boolean dryRun() {
        return !planOnly && inputs.bool(Input.DRY_RUN);
    }

    /** The region: the aws-region input, then AWS_REGION, then AWS_DEFAULT_REGION. */
    public String region() {
        String region = inputs.string(Input.AWS_REGION);
        if (region == null || region.isEmpty()) {
            region = firstSet(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        }
        if (region == null) {
            throw new BadInputException(Input.AWS_REGION.inputName(), "No AWS region: set the aws-region input, or"
                    + " AWS_REGION (aws-actions/configure-aws-credentials sets it).");
        }
        return region;
    }

    /** The AWS clients, created on first use. */
    public synchronized AwsClients aws() {
        if (aws == null) {
            aws = new AwsClients(region(), env);
        }
        return aws;
    }

    @Override
    public synchronized void close() {
        state.closeAll();
        if (aws != null) {
            aws.close();
        }
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
