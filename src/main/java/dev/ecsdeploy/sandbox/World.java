package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.cloudwatch.AlarmStore;
import dev.ecsdeploy.sandbox.codedeploy.CodeDeployEngine;
import dev.ecsdeploy.sandbox.core.SimClock;
import dev.ecsdeploy.sandbox.core.Wire;
import dev.ecsdeploy.sandbox.ecr.EcrHandler;
import dev.ecsdeploy.sandbox.ecr.RegistryClient;
import dev.ecsdeploy.sandbox.ecr.Repositories;
import dev.ecsdeploy.sandbox.ecs.Deployment;
import dev.ecsdeploy.sandbox.ecs.EcsRuntime;
import dev.ecsdeploy.sandbox.ecs.EcsServiceState;
import dev.ecsdeploy.sandbox.ecs.EcsTask;
import dev.ecsdeploy.sandbox.ecs.ServiceDeploymentRecord;
import dev.ecsdeploy.sandbox.ecs.TaskDefinitionRecord;
import dev.ecsdeploy.sandbox.ecs.TaskFates;
import dev.ecsdeploy.sandbox.ecs.TrafficShiftEngine;
import dev.ecsdeploy.sandbox.logs.LogStore;
import dev.ecsdeploy.sandbox.secrets.SecretStore;
import dev.ecsdeploy.sandbox.ssm.ParameterStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the sandbox knows, as the contract describes it at start: account 123456789012, us-east-1, cluster
 * {@code demo} with five services at revision 1 (tasks RUNNING), ECR repository {@code web}, secret {@code demo/web},
 * log group {@code /ecs/web}, alarm {@code web-5xx}. Callers hold the world's monitor ({@code synchronized (world)}).
 */
public final class World {
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    public static final String CLUSTER = "demo";
    public static final String SECRET_VALUE = "{\"API_URL\": \"https://api.example.test\", \"API_KEY\": "
            + "\"sandbox-secret-value\"}";
    /** The SecureString {@code /demo/web/DB_URL}. */
    public static final String DB_URL = "postgres://web:sandbox-db-password@db.demo.internal:5432/web";
    static final String SEEDED_TAG = "1.0.0";

    public final Scenario scenario;
    public final SimClock clock;
    public final SecretStore secrets = new SecretStore(REGION, ACCOUNT);
    public final ParameterStore parameters = new ParameterStore(REGION, ACCOUNT);
    public final LogStore logs = new LogStore(REGION, ACCOUNT);
    public final AlarmStore alarms = new AlarmStore(REGION, ACCOUNT);
    public final Repositories repositories;
    public final RegistryClient registry;
    public final List<EcrHandler.KnownImage> knownImages;
    public final EcsRuntime ecs;
    /** CodeDeploy's deployments of web-cd; the CODE_DEPLOY engine of the ECS runtime. */
    public final CodeDeployEngine codeDeploy = new CodeDeployEngine();
    public final Instant startedAt;

    World(SandboxOptions options) {
        this.scenario = options.scenario();
        this.clock = new SimClock(options.timeScale() * (scenario == Scenario.SLOW ? 5 : 1));
        this.registry = options.registry() == null ? null : new RegistryClient(options.registry());
        this.repositories = new Repositories(REGION, ACCOUNT, options.registry());
        this.knownImages = List.of(new EcrHandler.KnownImage("web", SEEDED_TAG, "linux", "amd64", 52_428_800L),
                new EcrHandler.KnownImage("web", SEEDED_TAG + "-arm64", "linux", "arm64", 51_380_224L));
        this.startedAt = clock.now();
        this.ecs = new EcsRuntime(REGION, ACCOUNT, CLUSTER, scenario, clock, facts(), logs, alarms);
        TrafficShiftEngine trafficShift = new TrafficShiftEngine();
        ecs.register("BLUE_GREEN", trafficShift);
        ecs.register("LINEAR", trafficShift);
        ecs.register("CANARY", trafficShift);
        ecs.register("CODE_DEPLOY", codeDeploy);
        seed();
    }

    private void seed() {
        Instant at = startedAt;
        secrets.add(new SecretStore.Secret("demo/web", secrets.arnPrefix() + "demo/web-Sb7x2Q", SECRET_VALUE,
                "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", at));
        parameters.add(new ParameterStore.Parameter("/demo/web/DB_URL", "SecureString", DB_URL, 1, at));
        logs.createGroup("/ecs/web", at);
        alarms.add("web-5xx", "HTTPCode_Target_5XX_Count", "AWS/ApplicationELB", at);
        repositories.create("web", "MUTABLE", at);
        seedService("web", "ECS", rolling("ROLLING"), false);
        ObjectNode blueGreen = rolling("BLUE_GREEN");
        blueGreen.put("bakeTimeInMinutes", 5);
        seedService("web-bg", "ECS", blueGreen, true);
        ObjectNode linear = rolling("LINEAR");
        linear.put("bakeTimeInMinutes", 5);
        linear.putObject("linearConfiguration").put("stepPercent", 10.0).put("stepBakeTimeInMinutes", 6);
        seedService("web-linear", "ECS", linear, true);
        ObjectNode canary = rolling("CANARY");
        canary.put("bakeTimeInMinutes", 5);
        canary.putObject("canaryConfiguration").put("canaryPercent", 5.0).put("canaryBakeTimeInMinutes", 10);
        seedService("web-canary", "ECS", canary, true);
        ObjectNode codeDeploy = Wire.object();
        codeDeploy.put("maximumPercent", 200);
        codeDeploy.put("minimumHealthyPercent", 100);
        seedService("web-cd", "CODE_DEPLOY", codeDeploy, false);
    }

    private static ObjectNode rolling(String strategy) {
        ObjectNode config = Wire.object();
        config.putObject("deploymentCircuitBreaker").put("enable", true).put("rollback", true);
        config.put("maximumPercent", 200);
        config.put("minimumHealthyPercent", 100);
        ObjectNode alarms = config.putObject("alarms");
        alarms.set("alarmNames", Wire.array());
        alarms.put("rollback", false);
        alarms.put("enable", false);
        config.put("strategy", strategy);
        return config;
    }

    private void seedService(String name, String controller, ObjectNode deploymentConfiguration, boolean blueGreen) {
        String elb = "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":";
        String suffix = String.format("%016x", (long) name.hashCode() * 2654435761L & 0xffffffffffffL);
        ArrayNode loadBalancers = Wire.array();
        ObjectNode lb = loadBalancers.addObject();
        lb.put("targetGroupArn", elb + "targetgroup/" + name + (blueGreen || controller.equals("CODE_DEPLOY")
                ? "-blue/" : "-tg/") + suffix);
        lb.put("containerName", "app");
        lb.put("containerPort", 8080);
        if (blueGreen) {
            ObjectNode advanced = lb.putObject("advancedConfiguration");
            advanced.put("alternateTargetGroupArn", elb + "targetgroup/" + name + "-green/" + suffix);
            advanced.put("productionListenerRule", elb + "listener-rule/app/demo/50dc6c495c0c9188/0467ef3c8400ae65/"
                    + suffix.substring(0, 16));
            advanced.put("roleArn", "arn:aws:iam::" + ACCOUNT + ":role/ecsInfrastructureRoleForLoadBalancers");
        }
        ObjectNode network = Wire.object();
        ObjectNode vpc = network.putObject("awsvpcConfiguration");
        vpc.set("subnets", Wire.array().add("subnet-0a1b2c3d4e5f60001").add("subnet-0a1b2c3d4e5f60002"));
        vpc.set("securityGroups", Wire.array().add("sg-0a1b2c3d4e5f60003"));
        vpc.put("assignPublicIp", "DISABLED");
        EcsServiceState service = new EcsServiceState(name, ecs.arn("service/" + CLUSTER + "/" + name), controller,
                startedAt, loadBalancers, network, deploymentConfiguration, 2);
        ecs.services.put(name, service);
        TaskDefinitionRecord revision1 = ecs.addTaskDefinition(name, true, taskDefinition(name), Wire.array());
        ecs.seedDeployment(service, revision1, startedAt);
    }

    private ObjectNode taskDefinition(String family) {
        ObjectNode json = Wire.object();
        ArrayNode containers = json.putArray("containerDefinitions");
        ObjectNode app = containers.addObject();
        app.put("name", "app");
        app.put("image", repositories.host() + "/web:" + SEEDED_TAG);
        app.put("cpu", 0);
        ObjectNode port = app.putArray("portMappings").addObject();
        port.put("containerPort", 8080);
        port.put("hostPort", 8080);
        port.put("protocol", "tcp");
        port.put("name", "app-8080-tcp");
        port.put("appProtocol", "http");
        app.put("essential", true);
        app.putArray("environment").addObject().put("name", "PORT").put("value", "8080");
        app.set("mountPoints", Wire.array());
        app.set("volumesFrom", Wire.array());
        app.putArray("secrets").addObject().put("name", "API_KEY")
                .put("valueFrom", secrets.arnPrefix() + "demo/web-Sb7x2Q:API_KEY::");
        ObjectNode log = app.putObject("logConfiguration");
        log.put("logDriver", "awslogs");
        log.putObject("options").put("awslogs-group", "/ecs/web").put("awslogs-region", REGION)
                .put("awslogs-stream-prefix", "ecs");
        log.set("secretOptions", Wire.array());
        app.set("systemControls", Wire.array());
        json.put("family", family);
        json.put("taskRoleArn", "arn:aws:iam::" + ACCOUNT + ":role/webTaskRole");
        json.put("executionRoleArn", "arn:aws:iam::" + ACCOUNT + ":role/ecsTaskExecutionRole");
        json.put("networkMode", "awsvpc");
        json.set("volumes", Wire.array());
        json.set("placementConstraints", Wire.array());
        json.set("compatibilities", Wire.array().add("EC2").add("FARGATE"));
        json.set("requiresCompatibilities", Wire.array().add("FARGATE"));
        json.put("cpu", "256");
        json.put("memory", "512");
        json.putObject("runtimePlatform").put("cpuArchitecture", "X86_64").put("operatingSystemFamily", "LINUX");
        json.set("requiresAttributes", Wire.array()
                .add(Wire.object().put("name", "com.amazonaws.ecs.capability.logging-driver.awslogs"))
                .add(Wire.object().put("name", "ecs.capability.execution-role-awslogs"))
                .add(Wire.object().put("name", "ecs.capability.secrets.asm.environment-variables"))
                .add(Wire.object().put("name", "ecs.capability.task-eni")));
        return json;
    }

    private TaskFates.Facts facts() {
        return new TaskFates.Facts() {
            @Override
            public Optional<String> secretProblem(String valueFrom) {
                return valueFrom.startsWith("arn:aws:secretsmanager:") ? secrets.problemWith(valueFrom)
                        : parameters.problemWith(valueFrom);
            }

            @Override
            public Optional<String> pullProblem(String image) {
                return World.this.pullProblem(image);
            }

            @Override
            public boolean logGroupExists(String name) {
                return logs.group(name).isPresent();
            }

            @Override
            public String executionRole(JsonNode taskDefinition) {
                String role = taskDefinition.path("executionRoleArn").asText("arn:aws:iam::" + ACCOUNT
                        + ":role/ecsTaskExecutionRole");
                return "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role.substring(role.lastIndexOf('/') + 1)
                        + "/sandbox";
            }
        };
    }

    /** With a registry: an image of this world's registry (or ECR host) that the registry lacks cannot be pulled. */
    Optional<String> pullProblem(String image) {
        if (registry == null) {
            return Optional.empty();
        }
        int slash = image.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String host = image.substring(0, slash);
        if (!host.equals(registry.host()) && !host.equals(Repositories.ecrHost(ACCOUNT, REGION))) {
            return Optional.empty();
        }
        String rest = image.substring(slash + 1);
        String repository;
        String reference;
        if (rest.contains("@")) {
            repository = rest.substring(0, rest.indexOf('@'));
            reference = rest.substring(rest.indexOf('@') + 1);
        } else if (rest.contains(":")) {
            repository = rest.substring(0, rest.lastIndexOf(':'));
            reference = rest.substring(rest.lastIndexOf(':') + 1);
        } else {
            repository = rest;
            reference = "latest";
        }
        try {
            if (registry.manifest(repository, reference).isPresent()) {
                return Optional.empty();
            }
        } catch (IllegalStateException e) {
            return Optional.of("pull image manifest has been retried 7 time(s): failed to resolve ref " + image
                    + ": " + e.getMessage());
        }
        return Optional.of("pull image manifest has been retried 7 time(s): failed to resolve ref " + image + ": "
                + image + ": not found");
    }

    /** The world as JSON for {@code GET /_sandbox/state} (secret values left out). */
    ObjectNode state() {
        ObjectNode state = Wire.object();
        state.put("account", ACCOUNT);
        state.put("region", REGION);
        state.put("scenario", scenario.cliName());
        state.put("timeScale", clock.scale());
        state.put("startedAt", startedAt.toString());
        ObjectNode cluster = state.putObject("cluster");
        cluster.put("name", CLUSTER);
        cluster.put("arn", ecs.clusterArn);
        ArrayNode services = state.putArray("services");
        for (EcsServiceState service : ecs.services.values()) {
            ObjectNode json = services.addObject();
            json.put("name", service.name);
            json.put("deploymentController", service.deploymentController);
            json.put("strategy", service.strategy());
            json.put("desiredCount", service.desiredCount);
            json.put("taskDefinition", service.primary() == null ? null : service.primary().taskDefinition.arn);
            json.put("runningCount", ecs.tasks.stream().filter(t -> service.name.equals(t.serviceName) && t.live()
                    && t.state == EcsTask.State.RUNNING).count());
            ArrayNode deployments = json.putArray("deployments");
            for (Deployment deployment : service.deployments) {
                deployments.addObject().put("id", deployment.id).put("status", deployment.status)
                        .put("taskDefinition", deployment.taskDefinition.arn)
                        .put("rolloutState", deployment.rolloutState)
                        .put("rolloutStateReason", deployment.rolloutStateReason)
                        .put("failedTasks", deployment.failedTasks);
            }
            ArrayNode serviceDeployments = json.putArray("serviceDeployments");
            for (ServiceDeploymentRecord record : service.serviceDeployments) {
                ObjectNode entry = serviceDeployments.addObject().put("arn", record.arn)
                        .put("status", record.status).put("statusReason", record.statusReason);
                if (record.productionTrafficWeight != null) {
                    entry.put("lifecycleStage", record.lifecycleStage)
                            .put("productionTrafficWeight", record.productionTrafficWeight)
                            .put("testTrafficWeight", record.testTrafficWeight);
                }
            }
        }
        ArrayNode tasks = state.putArray("tasks");
        for (EcsTask task : ecs.tasks) {
            ObjectNode json = tasks.addObject();
            json.put("id", task.id);
            json.put("service", task.serviceName);
            json.put("taskDefinition", task.taskDefinition.arn);
            json.put("deployment", task.deployment == null ? null : task.deployment.id);
            json.put("lastStatus", task.state.name());
            json.put("desiredStatus", task.desiredStatus);
            json.put("healthy", task.healthy);
            json.put("stopCode", task.stopCode);
            json.put("stoppedReason", task.stoppedReason);
        }
        ArrayNode families = state.putArray("taskDefinitions");
        ecs.taskDefinitions.values().forEach(revisions -> revisions.forEach(td -> families.addObject()
                .put("arn", td.arn).put("status", td.active ? "ACTIVE" : "INACTIVE")));
        state.set("repositories", Wire.strings(repositories.all().stream().map(Repositories.Repository::uri).toList()));
        state.put("registry", registry == null ? null : registry.host());
        state.set("secrets", Wire.strings(secrets.all().stream().map(SecretStore.Secret::name).toList()));
        state.set("parameters", Wire.strings(parameters.all().stream().map(ParameterStore.Parameter::name).toList()));
        state.set("logGroups", Wire.strings(logs.groups().stream().map(g -> g.name).toList()));
        ArrayNode codeDeployments = state.putArray("codeDeployDeployments");
        codeDeploy.deployments().forEach(d -> codeDeployments.addObject().put("id", d.id).put("status", d.status)
                .put("deploymentConfigName", d.config.name()).put("event", d.currentEvent())
                .put("replacementTrafficWeight", d.to == null ? 0.0 : d.to.trafficWeight)
                .put("errorCode", d.errorCode).put("rollbackDeploymentId", d.rollbackDeploymentId));
        state.set("lambdaInvocations", ecs.lambdas.json());
        ArrayNode alarmStates = state.putArray("alarms");
        alarms.all().forEach(a -> alarmStates.addObject().put("name", a.name).put("state", a.state));
        return state;
    }
}
