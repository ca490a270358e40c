package dev.ecsdeploy.pipeline;

import dev.ecsdeploy.aws.AwsEnvironment;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.util.Annotation;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs steps through their phases (see {@link Step}) and turns what happened into an {@link Outcome}: exactly one
 * {@code ::error} for a failure, whatever step it came from.
 */
public final class Pipeline {
    private final List<Step> steps;
    private final boolean planOnly;

    public Pipeline(List<Step> steps) {
        this(steps, false);
    }

    private Pipeline(List<Step> steps, boolean planOnly) {
        this.steps = List.copyOf(steps);
        this.planOnly = planOnly;
    }

    /** A command that only plans (render, diff, verify, status): its steps plan and nothing applies. */
    public static Pipeline planOnly(List<Step> steps) {
        return new Pipeline(steps, true);
    }

    public boolean isPlanOnly() {
        return planOnly;
    }

    public List<Step> steps() {
        return steps;
    }

    public Outcome run(RunContext context) {
        Outcome outcome;
        Step current = null;
        boolean applying = false;
        try {
            for (Step step : steps) {
                current = step;
                step.plan(context);
            }
            if (planOnly) {
                outcome = Outcome.of(DeploymentStatus.SUCCESSFUL);
            } else if (context.dryRun()) {
                context.log().notice("Dry run: everything was checked and nothing was changed or pushed.");
                outcome = Outcome.of(DeploymentStatus.DRY_RUN);
            } else {
                applying = true;
                for (Step step : steps) {
                    current = step;
                    step.beforeApply(context);
                }
                for (Step step : steps) {
                    current = step;
                    if (context.cancellation().isCancelled()) {
                        throw new StepFailedException(DeploymentStatus.CANCELLED, "Cancelled (" + context.cancellation()
                                .reason() + ") before " + step.name(), Annotation.titled("Run cancelled"), null);
                    }
                    step.apply(context);
                    context.state().stepCompleted(step.name());
                }
                outcome = Outcome.of(successStatus(context.state().get(Results.DEPLOYMENT)));
            }
        } catch (SkipRunException e) {
            context.log().notice("Skipped: " + e.getMessage(), Annotation.titled("Deployment skipped"));
            context.summary().paragraph("Skipped: " + dev.ecsdeploy.github.JobSummary.html(e.getMessage()));
            outcome = Outcome.of(DeploymentStatus.SKIPPED);
        } catch (BadInputException e) {
            outcome = badInput(context, e, current);
        } catch (StepFailedException e) {
            outcome = failed(context, current, e.status(), e.getMessage(), e.annotation());
        } catch (AwsServiceException e) {
            outcome = awsError(context, e, current, applying);
        } catch (SdkException e) {
            outcome = !applying && AwsEnvironment.isMissingCredentials(e)
                    ? badInput(context, new BadInputException(null, AwsEnvironment.noCredentialsFound(),
                            Annotation.titled("No AWS credentials")), current)
                    : failed(context, current, DeploymentStatus.FAILED, "AWS call failed: " + e.getMessage(), null);
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            outcome = failed(context, current, DeploymentStatus.FAILED, message, null);
        }
        for (Step step : steps) {
            try {
                step.complete(context, outcome);
            } catch (RuntimeException e) {
                context.log().warning(step.name() + " could not finish: " + e.getMessage());
            }
        }
        return outcome;
    }

    /** A deployment that was only started, or only shifted traffic, says so rather than SUCCESSFUL. */
    private static DeploymentStatus successStatus(DeploymentReport deployment) {
        return deployment != null && deployment.status() != null && deployment.status().isSuccess()
                ? deployment.status() : DeploymentStatus.SUCCESSFUL;
    }

    private static Outcome badInput(RunContext context, BadInputException e, Step step) {
        for (BadInputException problem : e.each()) {
            context.log().error(problem.getMessage(), problem.annotation());
        }
        return new Outcome(DeploymentStatus.INVALID, Outcome.EXIT_BAD_INPUT, e.getMessage(), name(step));
    }

    /**
     * An AWS error while planning is a configuration problem (no such service, access denied, invalid parameter) found
     * before anything changed: exit 2. Throttling and server errors, and any error while applying, are failures.
     */
    private static Outcome awsError(RunContext context, AwsServiceException e, Step step, boolean applying) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String service = e.awsErrorDetails() == null ? "AWS" : e.awsErrorDetails().serviceName();
        String message = service + " said " + (code == null ? "" : code + ": ")
                + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
        boolean configuration = !applying && e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException();
        if (configuration) {
            context.log().error(message, Annotation.titled(name(step) + ": AWS refused the configuration"));
            return new Outcome(DeploymentStatus.INVALID, Outcome.EXIT_BAD_INPUT, message, name(step));
        }
        return failed(context, step, DeploymentStatus.FAILED, message, null);
    }

    private static Outcome failed(RunContext context, Step step, DeploymentStatus status, String reason,
                                  Annotation annotation) {
        Annotation where = annotation != null ? annotation : Annotation.titled(capitalise(name(step)) + " failed");
        context.log().error(reason, where);
        return new Outcome(status, Outcome.EXIT_FAILED, reason, name(step));
    }

    private static String name(Step step) {
        return step == null ? "run" : step.name();
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
