package dev.ecsdeploy.preflight;

import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.taskdef.SecretReference;
import dev.ecsdeploy.taskdef.SecretsVerifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
        Map<String, String> unresolved = new HashMap<>();
        if (!parameters.isEmpty()) {
            List<AwsClients> otherRegions = new ArrayList<>();
            try {
                unresolved.putAll(SsmParameters.problems(parameters, context.region(), region -> {
                    if (region.equals(context.region())) {
                        return context.aws().ssm();
                    }
                    AwsClients other = new AwsClients(region, context.env());
                    otherRegions.add(other);
                    return other.ssm();
                }, context.log()));
            } finally {
                otherRegions.forEach(AwsClients::close);
            }
        }
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int i = 0; i < containers.size(); i++) {
            List<Secret> secrets = containers.get(i).secrets();
            for (int s = 0; s < secrets.size(); s++) {
                Secret secret = secrets.get(s);
                String container = containers.get(i).name();
                String problem = checks.stream().filter(c -> c.container().equals(container)
                                && c.name().equals(secret.name())).findFirst().map(SecretsVerifier.Check::problem)
                        .orElse(null);
                if (problem == null) {
                    problem = unresolved.get(secret.valueFrom());
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
