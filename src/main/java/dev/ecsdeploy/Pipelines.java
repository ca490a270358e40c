package dev.ecsdeploy;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.deploy.ContinueStep;
import dev.ecsdeploy.deploy.DeployStep;
import dev.ecsdeploy.deploy.RollbackStep;
import dev.ecsdeploy.deploy.StatusStep;
import dev.ecsdeploy.deploy.codedeploy.CodeDeployController;
import dev.ecsdeploy.trigger.TriggerGateStep;
import dev.ecsdeploy.image.BuildImageStep;
import dev.ecsdeploy.image.CheckDockerStep;
import dev.ecsdeploy.image.PrebuiltImageStep;
import dev.ecsdeploy.image.PushImageStep;
import dev.ecsdeploy.notify.NotifyStep;
import dev.ecsdeploy.oneoff.RunOneOffTaskStep;
import dev.ecsdeploy.pipeline.Pipeline;
import dev.ecsdeploy.preflight.PreflightStep;
import dev.ecsdeploy.taskdef.DeregisterOldRevisionsStep;
import dev.ecsdeploy.taskdef.DiffTaskDefinitionStep;
import dev.ecsdeploy.taskdef.RegisterTaskDefinitionStep;
import dev.ecsdeploy.taskdef.RenderTaskDefinitionStep;
import dev.ecsdeploy.taskdef.VerifyConfigurationStep;
import dev.ecsdeploy.taskdef.WriteRenderedFileStep;
import dev.ecsdeploy.version.VersionStep;
import java.util.List;

/** Which steps each command runs, in order: the one place where the stages meet. */
final class Pipelines {
    private Pipelines() {
    }

    static Pipeline forCommand(String command) {
        return switch (command) {
            case "deploy" -> new Pipeline(List.of(
                    new TriggerGateStep(),
                    new VersionStep(),
                    new CheckDockerStep(),
                    new BuildImageStep(),
                    new PushImageStep(),
                    new PrebuiltImageStep(),
                    new RenderTaskDefinitionStep(),
                    new PreflightStep(),
                    new DiffTaskDefinitionStep(),
                    new RegisterTaskDefinitionStep(),
                    new RunOneOffTaskStep(),
                    new DeployStep(CodeDeployController::choose),
                    new DeregisterOldRevisionsStep(),
                    new NotifyStep()));
            case "render" -> Pipeline.planOnly(List.of(
                    new VersionStep(),
                    new RenderTaskDefinitionStep(false),
                    new PreflightStep(false),
                    new WriteRenderedFileStep()));
            case "diff" -> Pipeline.planOnly(List.of(
                    new VersionStep(),
                    new RenderTaskDefinitionStep(),
                    new DiffTaskDefinitionStep()));
            case "verify" -> Pipeline.planOnly(List.of(
                    new VersionStep(),
                    new RenderTaskDefinitionStep(),
                    new PreflightStep(),
                    new VerifyConfigurationStep()));
            case "rollback" -> new Pipeline(List.of(new RollbackStep(CodeDeployController::choose), new NotifyStep()));
            case "continue" -> new Pipeline(List.of(new ContinueStep(CodeDeployController::choose), new NotifyStep()));
            case "status" -> Pipeline.planOnly(List.of(new StatusStep()));
            default -> throw new BadInputException(Input.COMMAND.inputName(), "The command \"" + command
                    + "\" is not available yet.");
        };
    }

    /** Commands whose outcome is a deployment, and so write deployment-status and duration-seconds. */
    static boolean reportsDeployment(String command) {
        return command.equals("deploy") || command.equals("rollback") || command.equals("continue");
    }
}
