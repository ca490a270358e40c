package dev.ecsdeploy.preflight;

import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.taskdef.SecretReference;
import dev.ecsdeploy.taskdef.SecretsVerifier;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;

/** Every container secret resolves: Secrets Manager (secret, version, JSON key) and SSM Parameter Store. */
final class SecretChecks {
    private SecretChecks() {
    }

    /** Secrets Manager and SSM references resolve (with verify-secrets, the default). */
    static void check(RunContext context, RegisterTaskDefinitionRequest task, List<Problem> problems) {
        if (!context.inputs().bool(Input.VERIFY_SECRETS)) {
            return;
        }
        List<SecretsVerifier.Check> checks = new SecretsVerifier(context.aws().secretsManager(), context.log())
                .verify(task);
        Set<String> parameters = new LinkedHashSet<>();
        checks.stream().filter(check -> check.reference().kind() == SecretReference.Kind.SSM_PARAMETER)
                .forEach(check -> parameters.add(check.valueFrom()));
        Set<String> missing = parameters.isEmpty() ? Set.of()
                : SsmParameters.missing(context.aws().ssm(), context.log(), parameters);
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int i = 0; i < containers.size(); i++) {
            List<Secret> secrets = containers.get(i).secrets();
            for (int s = 0; s < secrets.size(); s++) {
                Secret secret = secrets.get(s);
                String container = containers.get(i).name();
                String problem = checks.stream().filter(c -> c.container().equals(container)
                                && c.name().equals(secret.name())).findFirst().map(SecretsVerifier.Check::problem)
                        .orElse(null);
                if (problem == null && missing.contains(secret.valueFrom())) {
                    problem = "SSM Parameter Store has no such parameter";
                }
                if (problem != null) {
                    problems.add(new Problem(secretInput(context, secret.name()), "containerDefinitions[" + i
                            + "].secrets[" + s + "].valueFrom", "Container " + container + ", secret " + secret.name()
                            + " = " + secret.valueFrom() + ": " + problem + "; ECS would fail every task with"
                            + " ResourceInitializationError. Fix the reference or the secret (or set verify-secrets:"
                            + " false to skip this check)."));
                }
            }
        }
    }

    private static String secretInput(RunContext context, String name) {
        if (context.inputs().keyValues(Input.SECRETS).containsKey(name)) {
            return Input.SECRETS.inputName();
        }
        return context.inputs().isSet(Input.SECRETS_FROM) ? Input.SECRETS_FROM.inputName() : Problem.TASK_DEFINITION;
    }
}
