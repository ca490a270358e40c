package dev.ecsdeploy;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.github.GithubContext;
import dev.ecsdeploy.github.GithubEvent;
import dev.ecsdeploy.github.JobSummary;
import dev.ecsdeploy.github.Masker;
import dev.ecsdeploy.github.Outputs;
import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.pipeline.Outcome;
import dev.ecsdeploy.pipeline.Pipeline;
import dev.ecsdeploy.pipeline.RunContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Runs one command of the action as the runner (or a terminal) invokes it: reads inputs and the event, runs the
 * command's pipeline, writes the final outputs and the job summary, and returns the exit status.
 */
public final class ActionRunner {
    private final Map<String, String> env;
    private final PrintStream out;
    private final Cancellation cancellation;
    private final Clock clock;

    public ActionRunner(Map<String, String> env, PrintStream out, Cancellation cancellation, Clock clock) {
        this.env = env;
        this.out = out;
        this.cancellation = cancellation;
        this.clock = clock;
    }

    /** What the runner shows for a run: the exit status and, for the demo, the summary it would render. */
    public record Result(int exitCode, Outcome outcome, Map<String, String> outputs, String summaryMarkdown) {
    }

    public Result run(String[] args) {
        Masker masker = new Masker();
        GithubContext github = GithubContext.from(env);
        ActionLog log = new ActionLog(out, masker, github.inActions(), "1".equals(env.get("RUNNER_DEBUG")));
        Outputs outputs = new Outputs(github.outputFile(), out, masker);
        JobSummary summary = new JobSummary(masker);

        String command;
        ActionInputs inputs;
        GithubEvent event;
        try {
            CommandLine commandLine = CommandLine.parse(args);
            Path workspace = github.workspace() == null ? Path.of("").toAbsolutePath() : github.workspace();
            inputs = ActionInputs.resolve(commandLine.flags(), env, workspace, github.refName(), log::mask).validate();
            command = commandLine.command() == null || commandLine.command().equals("run")
                    ? inputs.string(Input.COMMAND) : commandLine.command();
            event = GithubEvent.read(github.eventName(), github.eventPath());
        } catch (BadInputException e) {
            log.error(e.getMessage(), e.annotation());
            outputs.set(ActionOutput.FAILURE_REASON, oneLine(e.getMessage()));
            return new Result(Outcome.EXIT_BAD_INPUT, null, outputs.values(), null);
        } catch (IOException e) {
            log.error("Cannot read the event payload " + github.eventPath() + ": " + e.getMessage());
            return new Result(Outcome.EXIT_FAILED, null, outputs.values(), null);
        }

        Pipeline pipeline;
        try {
            pipeline = Pipelines.forCommand(command);
        } catch (BadInputException e) {
            log.error(e.getMessage(), e.annotation());
            return new Result(Outcome.EXIT_BAD_INPUT, null, outputs.values(), null);
        }
        Outcome outcome;
        try (RunContext context = new RunContext(command, pipeline.isPlanOnly(), inputs, env, github, event, log,
                outputs, summary, cancellation, clock)) {
            outcome = pipeline.run(context);
            if (Pipelines.reportsDeployment(command)) {
                outputs.set(ActionOutput.DEPLOYMENT_STATUS, outcome.status().name());
                outputs.set(ActionOutput.DURATION_SECONDS,
                        Duration.between(context.startedAt(), clock.instant()).toSeconds());
            }
            if (outcome.failureReason() != null) {
                outputs.set(ActionOutput.FAILURE_REASON, oneLine(outcome.failureReason()));
            }
        }
        if (github.summaryFile() != null && !summary.isEmpty()) {
            summary.appendTo(github.summaryFile());
        }
        return new Result(outcome.exitCode(), outcome, outputs.values(), summary.isEmpty() ? null : summary.markdown());
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
