package dev.ecsdeploy;

import dev.ecsdeploy.pipeline.DeploymentStatus;

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
import dev.ecsdeploy.pipeline.RunState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Runs one command of the action as the runner (or a terminal) invokes it: reads inputs and the event, runs the
 * command's pipeline, writes the final outputs and the job summary, and returns the exit status. Nothing escapes as a
 * stack trace: an unexpected error is one {@code ::error} line (the trace only with RUNNER_DEBUG=1).
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
        ActionLog log = new ActionLog(out, masker, "true".equalsIgnoreCase(env.get("GITHUB_ACTIONS")),
                "1".equals(env.get("RUNNER_DEBUG")));
        GithubContext github = null;
        Outputs outputs = null;
        JobSummary summary = new JobSummary(masker);
        try {
            github = GithubContext.from(env);
            outputs = new Outputs(github.outputFile(), out, masker, log::error);
            return run(args, github, log, outputs, summary);
        } catch (RuntimeException | LinkageError e) {
            LastResort.report(log, e);
            Result failed = new Result(Outcome.EXIT_FAILED, null, outputs == null ? Map.of() : outputs.values(), null);
            return github == null ? failed : finish(failed, github, log, summary);
        }
    }

    private Result run(String[] args, GithubContext github, ActionLog log, Outputs outputs, JobSummary summary) {
        String command;
        ActionInputs inputs;
        GithubEvent event;
        try {
            CommandLine commandLine = CommandLine.parse(args);
            if (commandLine.help()) {
                out.print(Help.forCommand(commandLine.command()));
                return new Result(Outcome.EXIT_OK, null, Map.of(), null);
            }
            if (commandLine.command() == null && !github.inActions()) {
                // On a terminal, no command is a question, not an order to deploy; exit 2 so a script that forgot
                // the command does not read the help as a successful deploy.
                out.print(Help.overview());
                return new Result(Outcome.EXIT_BAD_INPUT, null, Map.of(), null);
            }
            Path workspace = github.workspace() == null ? Path.of("").toAbsolutePath() : github.workspace();
            inputs = ActionInputs.resolve(commandLine.flags(), env, workspace, github.refName(), log::mask).validate();
            command = commandLine.command() == null || commandLine.command().equals("run")
                    ? inputs.string(Input.COMMAND) : commandLine.command();
            event = GithubEvent.read(github.eventName(), github.eventPath());
        } catch (BadInputException e) {
            log.error(e.getMessage(), e.annotation());
            outputs.set(ActionOutput.DEPLOYMENT_STATUS, DeploymentStatus.INVALID.name());
            outputs.set(ActionOutput.FAILURE_REASON, oneLine(e.getMessage()));
            summary.paragraph("**Bad input:** " + JobSummary.html(oneLine(e.getMessage()))
                    + "<br>Nothing was changed in AWS.");
            return finish(new Result(Outcome.EXIT_BAD_INPUT, null, outputs.values(), null), github, log,
                    summary.prepend(RunSummary.heading(null, "❌ bad input")));
        } catch (IOException e) {
            log.error("Cannot read the event payload " + github.eventPath() + ": " + e.getMessage());
            summary.paragraph("Cannot read the event payload.");
            return finish(new Result(Outcome.EXIT_FAILED, null, outputs.values(), null), github, log,
                    summary.prepend(RunSummary.heading(null, "❌ failed")));
        }

        Pipeline pipeline;
        try {
            pipeline = Pipelines.forCommand(command);
        } catch (BadInputException e) {
            log.error(e.getMessage(), e.annotation());
            outputs.set(ActionOutput.DEPLOYMENT_STATUS, DeploymentStatus.INVALID.name());
            outputs.set(ActionOutput.FAILURE_REASON, oneLine(e.getMessage()));
            summary.paragraph("**Bad input:** " + JobSummary.html(oneLine(e.getMessage())));
            return finish(new Result(Outcome.EXIT_BAD_INPUT, null, outputs.values(), null), github, log,
                    summary.prepend(RunSummary.heading(command, "❌ bad input")));
        }
        Outcome outcome;
        RunState state;
        try (RunContext context = new RunContext(command, pipeline.isPlanOnly(), inputs, env, github, event, log,
                outputs, summary, cancellation, clock)) {
            outcome = pipeline.run(context);
            state = context.state();
            if (Pipelines.reportsDeployment(command)) {
                outputs.set(ActionOutput.DEPLOYMENT_STATUS, outcome.status().name());
                outputs.set(ActionOutput.DURATION_SECONDS,
                        Duration.between(context.startedAt(), clock.instant()).toSeconds());
            }
            if (outcome.failureReason() != null) {
                outputs.set(ActionOutput.FAILURE_REASON, oneLine(outcome.failureReason()));
            }
        }
        RunSummary facts = RunSummary.of(command, outcome, state, inputs);
        log.info(facts.logLine());
        summary.prepend(facts.markdown());
        return finish(new Result(outcome.exitCode(), outcome, outputs.values(), summary.markdown()), github, log,
                summary);
    }

    /** Writes the job summary once; a summary that cannot be written is named, and the verdict stands. */
    private static Result finish(Result result, GithubContext github, ActionLog log, JobSummary summary) {
        if (github.summaryFile() != null && !summary.isEmpty()) {
            String problem = summary.appendTo(github.summaryFile());
            if (problem != null) {
                log.warning(problem);
            }
        }
        return new Result(result.exitCode(), result.outcome(), result.outputs(),
                summary.isEmpty() ? null : summary.markdown());
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
