package dev.ecsdeploy.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.GithubContext;
import dev.ecsdeploy.github.GithubEvent;
import dev.ecsdeploy.github.JobSummary;
import dev.ecsdeploy.github.Masker;
import dev.ecsdeploy.github.Outputs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The pipeline's phases, driven with fake steps that record what was called on them. */
class PipelineTest {
    @TempDir
    Path workspace;

    private final List<String> calls = new ArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** Records each phase; {@code fault} runs inside the phase named {@code failIn}, if any. */
    private final class Recording implements Step {
        private final String name;
        private final String failIn;
        private final Consumer<RunContext> fault;

        Recording(String name) {
            this(name, null, context -> { });
        }

        Recording(String name, String failIn, Consumer<RunContext> fault) {
            this.name = name;
            this.failIn = failIn;
            this.fault = fault;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void plan(RunContext context) {
            record("plan", context);
        }

        @Override
        public void beforeApply(RunContext context) {
            record("beforeApply", context);
        }

        @Override
        public void apply(RunContext context) {
            record("apply", context);
        }

        @Override
        public void complete(RunContext context, Outcome outcome) {
            calls.add("complete " + name + " " + outcome.status());
            if ("complete".equals(failIn)) {
                fault.accept(context);
            }
        }

        private void record(String phase, RunContext context) {
            calls.add(phase + " " + name);
            if (phase.equals(failIn)) {
                fault.accept(context);
            }
        }
    }

    @Test
    void everyStepPlansBeforeAnyAppliesAndEveryStepCompletes() {
        Outcome outcome = run(false, Map.of(), new Recording("a"), new Recording("b"), new Recording("c"));

        assertEquals(List.of("plan a", "plan b", "plan c", "beforeApply a", "beforeApply b", "beforeApply c",
                "apply a", "apply b", "apply c", "complete a SUCCESSFUL", "complete b SUCCESSFUL",
                "complete c SUCCESSFUL"), calls);
        assertEquals(new Outcome(DeploymentStatus.SUCCESSFUL, Outcome.EXIT_OK, null, null), outcome);
        assertEquals(0, errors());
    }

    @Test
    void theFirstFailureStopsTheStepsAfterItAndEveryStepStillCompletes() {
        Outcome outcome = run(false, Map.of(), new Recording("a"), new Recording("b", "apply", context -> {
            throw new StepFailedException(DeploymentStatus.TIMED_OUT, "b took too long", null, null);
        }), new Recording("c"));

        assertEquals(List.of("plan a", "plan b", "plan c", "beforeApply a", "beforeApply b", "beforeApply c",
                "apply a", "apply b", "complete a TIMED_OUT", "complete b TIMED_OUT", "complete c TIMED_OUT"), calls);
        assertEquals(new Outcome(DeploymentStatus.TIMED_OUT, Outcome.EXIT_FAILED, "b took too long", "b"), outcome);
        assertEquals(1, errors());
    }

    @Test
    void badInputWhilePlanningAppliesNothing() {
        Outcome outcome = run(false, Map.of(), new Recording("a"), new Recording("b", "plan", context -> {
            throw new BadInputException("cluster", "Input cluster: no such cluster.");
        }), new Recording("c"));

        assertEquals(List.of("plan a", "plan b", "complete a INVALID", "complete b INVALID", "complete c INVALID"),
                calls);
        assertEquals(Outcome.EXIT_BAD_INPUT, outcome.exitCode());
        assertEquals("b", outcome.failedStep());
        assertEquals(1, errors());
    }

    @Test
    void aSkipEndsTheRunSuccessfullyWithoutApplying() {
        Outcome outcome = run(false, Map.of(), new Recording("gate", "plan", context -> {
            throw new SkipRunException("not a merge into main");
        }), new Recording("b"));

        assertEquals(List.of("plan gate", "complete gate SKIPPED", "complete b SKIPPED"), calls);
        assertEquals(Outcome.EXIT_OK, outcome.exitCode());
        assertEquals(0, errors());
    }

    @Test
    void aPlanOnlyCommandPlansAndAppliesNothing() {
        Outcome outcome = run(true, Map.of(), new Recording("a"), new Recording("b"));

        assertEquals(List.of("plan a", "plan b", "complete a SUCCESSFUL", "complete b SUCCESSFUL"), calls);
        assertEquals(DeploymentStatus.SUCCESSFUL, outcome.status());
    }

    @Test
    void aDryRunOfADeployStopsAfterPlanning() {
        List<Boolean> seen = new ArrayList<>();
        Outcome outcome = run(false, Map.of("dry-run", "true"), new Recording("a", "plan",
                context -> seen.add(context.dryRun())), new Recording("b"));

        assertEquals(List.of("plan a", "plan b", "complete a DRY_RUN", "complete b DRY_RUN"), calls);
        assertEquals(new Outcome(DeploymentStatus.DRY_RUN, Outcome.EXIT_OK, null, null), outcome);
        assertEquals(List.of(true), seen);
    }

    @Test
    void aPlanOnlyCommandIsNotADryRunEvenWithTheDryRunInput() {
        List<Boolean> seen = new ArrayList<>();
        Outcome outcome = run(true, Map.of("dry-run", "true"), new Recording("render", "plan",
                context -> seen.add(context.dryRun())));

        assertEquals(DeploymentStatus.SUCCESSFUL, outcome.status());
        assertEquals(List.of(false), seen);
    }

    @Test
    void aCancelledRunAppliesNoFurtherStep() {
        Outcome outcome = run(false, Map.of(), new Recording("a", "apply",
                context -> context.cancellation().cancel("SIGTERM")), new Recording("b"));

        assertEquals(List.of("plan a", "plan b", "beforeApply a", "beforeApply b", "apply a",
                "complete a CANCELLED", "complete b CANCELLED"), calls);
        assertEquals(DeploymentStatus.CANCELLED, outcome.status());
        assertEquals("b", outcome.failedStep());
    }

    @Test
    void aStepThatCannotCompleteDoesNotKeepTheOthersFromCompleting() {
        Outcome outcome = run(false, Map.of(), new Recording("a", "complete", context -> {
            throw new IllegalStateException("socket closed");
        }), new Recording("b"));

        assertEquals(List.of("complete a SUCCESSFUL", "complete b SUCCESSFUL"),
                calls.stream().filter(call -> call.startsWith("complete")).toList());
        assertEquals(DeploymentStatus.SUCCESSFUL, outcome.status());
        assertTrue(log().contains("::warning::a could not finish: socket closed"), log());
    }

    static Stream<Arguments> awsErrors() {
        return Stream.of(
                // phase, HTTP status, error code, exit code: a 4xx while planning is configuration (exit 2) ...
                Arguments.of("plan", 400, "InvalidParameterException", Outcome.EXIT_BAD_INPUT),
                Arguments.of("plan", 403, "AccessDeniedException", Outcome.EXIT_BAD_INPUT),
                // ... but throttling and server errors are not, and nothing is configuration once applying.
                Arguments.of("plan", 400, "ThrottlingException", Outcome.EXIT_FAILED),
                Arguments.of("plan", 500, "ServerException", Outcome.EXIT_FAILED),
                Arguments.of("apply", 400, "InvalidParameterException", Outcome.EXIT_FAILED));
    }

    @ParameterizedTest
    @MethodSource("awsErrors")
    void anAwsErrorIsBadInputOnlyWhenAwsRefusedTheConfigurationWhilePlanning(String phase, int status, String code,
                                                                            int exitCode) {
        Outcome outcome = run(false, Map.of(), new Recording("deploy", phase, context -> {
            throw AwsServiceException.builder().statusCode(status).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode(code).errorMessage("refused").serviceName("Ecs").build()).build();
        }));

        assertEquals(exitCode, outcome.exitCode());
        assertEquals("Ecs said " + code + ": refused", outcome.failureReason());
        assertFalse(calls.contains("apply deploy") && phase.equals("plan"));
        assertEquals(1, errors());
    }

    private Outcome run(boolean planOnly, Map<String, String> inputs, Step... steps) {
        Map<String, String> env = new HashMap<>();
        inputs.forEach((name, value) -> env.put("INPUT_" + name.toUpperCase(), value));
        Masker masker = new Masker();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        ActionLog actionLog = new ActionLog(out, masker, true, false);
        ActionInputs actionInputs = ActionInputs.resolve(Map.of(), env, workspace, "main", actionLog::mask)
                .validate();
        Pipeline pipeline = planOnly ? Pipeline.planOnly(List.of(steps)) : new Pipeline(List.of(steps));
        try (RunContext context = new RunContext("deploy", planOnly, actionInputs, env, GithubContext.from(env),
                GithubEvent.none("workflow_dispatch"), actionLog, new Outputs(null, out, masker),
                new JobSummary(masker), new Cancellation(), Clock.systemUTC())) {
            return pipeline.run(context);
        }
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    private long errors() {
        return log().lines().filter(line -> line.startsWith("::error")).count();
    }
}
