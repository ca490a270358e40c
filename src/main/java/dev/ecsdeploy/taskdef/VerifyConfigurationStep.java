package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.aws.EcrImages;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.ImageRef;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@code verify}: everything a deployment of the rendered task definition depends on, checked read-only and printed
 * as a tree; any failed check is exit 2. Catches before a deployment what ECS would otherwise report minutes into it.
 */
public final class VerifyConfigurationStep implements Step {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public void plan(RunContext context) {
        String cluster = context.inputs().string(Input.CLUSTER);
        String serviceName = context.inputs().string(Input.SERVICE);
        CheckTree tree = new CheckTree("Verify " + (serviceName == null ? "" : serviceName + " in ") + cluster);
        EcsClient ecs = context.aws().ecs();
        checkCluster(ecs, cluster, tree);
        if (serviceName != null) {
            checkService(ecs, cluster, serviceName, tree);
        }
        RegisterTaskDefinitionRequest definition = context.state().require(TaskDefinitionResults.RENDERED);
        CheckTree taskDefinition = tree.group("task definition " + definition.family());
        Map<String, List<SecretsVerifier.Check>> secrets = new SecretsVerifier(context.aws().secretsManager(),
                context.log()).verify(definition).stream()
                .collect(java.util.stream.Collectors.groupingBy(SecretsVerifier.Check::container));
        List<String> targets = TaskDefinitionRenderer.targetContainers(definition.containerDefinitions(),
                context.inputs().list(Input.CONTAINER_NAME));
        for (ContainerDefinition container : definition.containerDefinitions()) {
            CheckTree node = taskDefinition.group("container " + container.name()
                    + (targets.contains(container.name()) ? " (gets the new image)" : ""));
            checkImage(context, container, targets.contains(container.name()), node);
            secrets.getOrDefault(container.name(), List.of()).forEach(check -> checkSecret(check, node));
            checkLogGroup(context.aws().logs(), container, node);
        }
        boolean usesSecrets = definition.containerDefinitions().stream().anyMatch(c -> !c.secrets().isEmpty());
        if (usesSecrets) {
            taskDefinition.check(definition.executionRoleArn() != null,
                    "execution role " + definition.executionRoleArn() + " (needed to read the secrets)",
                    "no executionRoleArn, but containers use secrets: ECS needs an execution role to read them");
        }

        context.log().info(tree.render());
        context.summary().heading(3, "Verify").code("", tree.render());
        List<String> failures = tree.failures();
        if (!failures.isEmpty()) {
            throw new BadInputException(null, failures.size() + " check" + (failures.size() == 1 ? "" : "s")
                    + " failed: " + String.join("; ", failures));
        }
    }

    private static void checkCluster(EcsClient ecs, String cluster, CheckTree tree) {
        List<Cluster> clusters = ecs.describeClusters(r -> r.clusters(cluster)).clusters();
        boolean active = !clusters.isEmpty() && "ACTIVE".equals(clusters.getFirst().status());
        tree.check(active, "cluster " + cluster + " is ACTIVE", "cluster " + cluster + " does not exist or is not"
                + " ACTIVE");
    }

    private static void checkService(EcsClient ecs, String cluster, String name, CheckTree tree) {
        List<Service> services = ecs.describeServices(r -> r.cluster(cluster).services(name)).services();
        if (services.isEmpty() || !"ACTIVE".equals(services.getFirst().status())) {
            tree.fail("service " + name + " does not exist in " + cluster);
            return;
        }
        Service service = services.getFirst();
        String controller = service.deploymentController() == null ? "ECS"
                : service.deploymentController().typeAsString();
        tree.pass("service " + name + " is ACTIVE (" + controller + " controller, " + service.runningCount() + "/"
                + service.desiredCount() + " tasks running)");
    }

    private static void checkImage(RunContext context, ContainerDefinition container, boolean target,
                                   CheckTree node) {
        ImageRef planned = context.state().get(Results.IMAGE);
        if (target && planned != null && planned.built()) {
            node.skip("image " + container.image() + " (built and pushed by this run)");
            return;
        }
        EcrImages.ImageName image = EcrImages.ImageName.parse(container.image());
        EcrClient ecr = context.aws().ecr();
        if (!EcrImages.isEcrHost(image.host()) && !EcrImages.registryHost(ecr).equals(image.host())) {
            node.skip("image " + container.image() + " (not in ECR; not checked)");
            return;
        }
        node.check(EcrImages.find(ecr, image).isPresent(), "image " + container.image() + " is in ECR",
                "image " + container.image() + " is not in ECR (repository " + image.repository() + ")");
    }

    private static void checkSecret(SecretsVerifier.Check check, CheckTree node) {
        String what = "secret " + check.name() + " = " + check.valueFrom();
        if (check.reference().kind() == SecretReference.Kind.SSM_PARAMETER) {
            node.skip(what + " (SSM parameter; not checked)");
        } else {
            node.check(check.ok(), what, what + ": " + check.problem());
        }
    }

    private static void checkLogGroup(CloudWatchLogsClient logs, ContainerDefinition container, CheckTree node) {
        if (container.logConfiguration() == null || container.logConfiguration().logDriver() != LogDriver.AWSLOGS) {
            return;
        }
        Map<String, String> options = container.logConfiguration().options();
        String group = options.get("awslogs-group");
        if (group == null) {
            node.fail("awslogs driver without awslogs-group");
        } else if ("true".equals(options.get("awslogs-create-group"))) {
            node.skip("log group " + group + " (ECS creates it)");
        } else {
            boolean exists = logs.describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups().stream()
                    .anyMatch(found -> found.logGroupName().equals(group));
            node.check(exists, "log group " + group + " exists", "log group " + group + " does not exist: tasks"
                    + " would fail to start (create it, or set awslogs-create-group)");
        }
    }
}
