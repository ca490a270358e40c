package dev.ecsdeploy.pipeline;

/**
 * One job of the pipeline (resolve the version, build the image, ...), in three phases:
 * <ol>
 *   <li>{@link #plan}: check inputs and look things up; changes nothing anywhere. Every step plans before any step
 *       applies, so bad input anywhere stops the run before anything in AWS changed. A plan-only command
 *       (render, diff, verify, status) and a dry run of a deploy stop here.</li>
 *   <li>{@link #beforeApply}: every step, once all planned and before the first applies (not when the run stops
 *       after planning): the place to announce that the deployment starts.</li>
 *   <li>{@link #apply}: do the work, in order; the first failure stops the steps after it.</li>
 *   <li>{@link #complete}: runs for every step on every outcome (the place for notifications and clean-up).</li>
 * </ol>
 * Steps hand results on through {@link RunContext#state()} (typed {@link ResultKey}s; a step keeps none in its
 * fields, not even from its own plan for its own apply) and write their outputs the moment they have them.
 */
public interface Step {
    /** Shown in logs and in the failure reason, e.g. "build image". */
    String name();

    default void plan(RunContext context) throws Exception {
    }

    default void beforeApply(RunContext context) throws Exception {
    }

    default void apply(RunContext context) throws Exception {
    }

    /** Called once the outcome is known, even when this step never planned; must not throw for a failed run. */
    default void complete(RunContext context, Outcome outcome) {
    }
}
