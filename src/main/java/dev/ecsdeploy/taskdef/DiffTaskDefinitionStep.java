package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import java.util.List;

/** Shows what registering the rendered task definition would change, in the log and the job summary. */
public final class DiffTaskDefinitionStep implements Step {
    @Override
    public String name() {
        return "diff task definition";
    }

    @Override
    public void plan(RunContext context) {
        TaskDefinitionResults.CurrentRevision current = context.state().get(TaskDefinitionResults.CURRENT);
        String currentLabel = current == null ? "(none)"
                : current.revision().family() + ":" + current.revision().revision();
        List<String> diff = TaskDefinitionDiff.unified(current == null ? null : current.asRequest(), context.state().require(TaskDefinitionResults.RENDERED), currentLabel,
                "rendered");
        ActionLog log = context.log();
        if (diff.isEmpty()) {
            log.info("Task definition: no changes from " + currentLabel + ".");
            context.summary().paragraph("Task definition: no changes from `" + currentLabel + "`.");
            return;
        }
        try (ActionLog.Group ignored = log.group("Task definition changes (" + currentLabel + " → rendered)")) {
            log.info(String.join("\n", diff));
        }
        context.summary().heading(3, "Task definition changes").code("diff", String.join("\n", diff));
    }
}
