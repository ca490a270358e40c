package dev.ecsdeploy.trigger;

import dev.ecsdeploy.github.ActionOutput;

import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.SkipRunException;
import dev.ecsdeploy.pipeline.Step;

/** The first step of a deploy: decides from the event whether this run deploys at all (see {@link TriggerGate}). */
public final class TriggerGateStep implements Step {
    @Override
    public String name() {
        return "check trigger";
    }

    @Override
    public void plan(RunContext context) {
        TriggerGate.Decision decision = TriggerGate.decide(context.event(),
                context.inputs().string(Input.RELEASE_BRANCH), context.inputs().string(Input.BASE_BRANCH));
        context.outputs().set(ActionOutput.SKIPPED, !decision.deploy());
        if (!decision.deploy()) {
            throw new SkipRunException(decision.reason());
        }
        context.log().debug("Deploying: " + decision.reason());
    }
}
