package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import java.util.List;

/** Shows what registering the rendered task definition would change, in the log and the job summary. */
public final class DiffTaskDefinitionStep implements Step {
    private final TaskDefinitionWork work;

    public DiffTaskDefinitionStep(TaskDefinitionWork work) {
        this.work = work;
    }

    @Override
    public String name() {
        return "diff task definition";
    }

    @Override
    public void plan(RunContext context) {
        String currentLabel = work.current() == null ? "(none)"
                : work.current().family() + ":" + work.current().revision();
        List<String> diff = TaskDefinitionDiff.unified(work.currentAsRequest(), work.rendered(), currentLabel,
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
