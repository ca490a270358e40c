package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import java.util.List;

/**
 * With {@code verify-secrets}, checks every Secrets Manager reference before anything changes (see
 * {@link SecretsVerifier}); a miss is exit 2 naming the container, the variable and the reference.
 */
public final class VerifySecretsStep implements Step {
    @Override
    public String name() {
        return "verify secrets";
    }

    @Override
    public void plan(RunContext context) {
        if (!context.inputs().bool(Input.VERIFY_SECRETS)) {
            return;
        }
        List<SecretsVerifier.Check> checks = new SecretsVerifier(context.aws().secretsManager(), context.log())
                .verify(context.state().require(TaskDefinitionResults.RENDERED));
        List<SecretsVerifier.Check> misses = checks.stream().filter(check -> !check.ok()).toList();
        if (!misses.isEmpty()) {
            StringBuilder message = new StringBuilder(misses.size() == 1 ? "A secret the task definition uses"
                    + " does not resolve; ECS would fail every task with ResourceInitializationError:"
                    : misses.size() + " secrets the task definition uses do not resolve; ECS would fail every task"
                    + " with ResourceInitializationError:");
            for (SecretsVerifier.Check miss : misses) {
                message.append("\n  container ").append(miss.container()).append(", secret ").append(miss.name())
                        .append(" = ").append(miss.valueFrom()).append(": ").append(miss.problem());
            }
            message.append("\nFix the reference or the secret (or set verify-secrets: false to skip this check).");
            throw new BadInputException(faultyInput(context, misses.getFirst()), message.toString());
        }
        long checked = checks.stream().filter(c -> c.reference().kind() == SecretReference.Kind.SECRETS_MANAGER)
                .count();
        if (checked > 0) {
            context.log().info("Secrets: all " + checked + " Secrets Manager references resolve.");
        }
    }

    /** The input the first bad reference came from, so the annotation points the user at the right place. */
    private static String faultyInput(RunContext context, SecretsVerifier.Check miss) {
        if (context.inputs().keyValues(Input.SECRETS).containsKey(miss.name())) {
            return Input.SECRETS.inputName();
        }
        return context.inputs().isSet(Input.SECRETS_FROM) ? Input.SECRETS_FROM.inputName()
                : Input.TASK_DEFINITION.inputName();
    }
}
