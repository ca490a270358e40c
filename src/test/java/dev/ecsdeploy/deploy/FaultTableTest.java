package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.ActionProcess;
import dev.ecsdeploy.testing.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15's fault table: each fault played against the sandbox (and, for the image, the real Docker engine and
 * registry) on a real action process (a JVM of its own, signals sent to it for real), with the status, the exit code
 * and the time bound it must keep. A row is a fault: the deploy wait's, the build's and the push's, a deployment call
 * with no answer, another job's rollback, unwritable runner files and an oversized input.
 */
class FaultTableTest {
    /** The silence window the rows use instead of two minutes, through the documented environment knob. */
    private static final String SHORT_WINDOW = "5s";
    /** The first call of a look, ECS's or CodeDeploy's: a fault comes after the action has seen its deployment. */
    private static final java.util.Set<String> LOOKS = java.util.Set.of("DescribeServiceDeployments",
            "GetDeployment");

    @TempDir
    Path temp;

    /** What a row does to the world once the action has started its deployment; returns when the fault is set. */
    @FunctionalInterface
    interface Fault {
        void apply(World world) throws Exception;
    }

    /** How a row starts the action, when not as a deploy of its service from the monorepo fixture. */
    @FunctionalInterface
    interface Starter {
        ActionProcess start(Path temp, Sandbox sandbox) throws Exception;
    }

    /** When the fault comes, when not once the action has looked at its deployment twice. */
    @FunctionalInterface
    interface Ready {
        boolean now(World world);
    }

    /**
     * @param bound   from the fault to the process's exit (from the start for a fault set before it)
     * @param logSays words the log must have, each
     * @param setUp   a fault set before the action starts, or null
     * @param errors  how many {@code ::error} lines; -1: one for a failure, none for a success
     * @param docker  the row needs the Docker engine and the loopback registry (skipped where the image tests skip)
     */
    record Row(String name, String service, double timeScale, Map<String, String> inputs, Map<String, String> env,
               Fault fault, String status, int exitCode, Duration bound, List<String> logSays, Fault setUp,
               Starter starter, Ready ready, int errors, boolean docker) {
        Row(String name, String service, double timeScale, Map<String, String> inputs, Map<String, String> env,
            Fault fault, String status, int exitCode, Duration bound, List<String> logSays) {
            this(name, service, timeScale, inputs, env, fault, status, exitCode, bound, logSays, null, null, null, -1,
                    false);
        }

        /** A fault set before the action starts (the bound then counts from the start). */
        static Row before(String name, String service, Fault setUp, String status, Duration bound,
                          List<String> logSays) {
            return new Row(name, service, 1.0, Map.of(), Map.of(), world -> { }, status, 1, bound, logSays, setUp,
                    null, null, -1, false);
        }

        Row startedBy(Starter how) {
            return new Row(name, service, timeScale, inputs, env, fault, status, exitCode, bound, logSays, setUp, how,
                    ready, errors, docker);
        }

        Row faultWhen(Ready when) {
            return new Row(name, service, timeScale, inputs, env, fault, status, exitCode, bound, logSays, setUp,
                    starter, when, errors, docker);
        }

        Row errors(int count) {
            return new Row(name, service, timeScale, inputs, env, fault, status, exitCode, bound, logSays, setUp,
                    starter, ready, count, docker);
        }

        Row needsDocker() {
            return new Row(name, service, timeScale, inputs, env, fault, status, exitCode, bound, logSays, setUp,
                    starter, ready, errors, true);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("wait: false", "web", 0.03, Map.of("wait", "false"), Map.of(), world -> { },
                        "STARTED", 0, Duration.ofSeconds(30), List.of("Not waiting for the deployment")),
                new Row("wait-until: traffic-shifted", "web-bg", 0.01,
                        Map.of("wait-until", "traffic-shifted", "bake-time", "60m"), Map.of(), world -> { },
                        "TRAFFIC_SHIFTED", 0, Duration.ofSeconds(60), List.of("now takes all production traffic")),
                new Row("AWS stops answering mid-wait", "web", 1.0, Map.of(),
                        Map.of("ECS_DEPLOY_UNREACHABLE_WINDOW", SHORT_WINDOW), world -> world.sandbox().close(),
                        "UNKNOWN", 1, Duration.ofSeconds(12), List.of("AWS stopped answering",
                        "The outcome of web:2 is unknown", "service-deployment/", "check the network")),
                new Row("AWS restarted empty mid-wait", "web", 1.0, Map.of(),
                        Map.of("ECS_DEPLOY_UNREACHABLE_WINDOW", "60s"), World::restartEmpty,
                        "UNKNOWN", 1, Duration.ofSeconds(20), List.of("no longer exists",
                        "The outcome of web:2 is unknown")),
                new Row("CodeDeploy stops answering mid-wait", "web-cd", 1.0, Map.of(),
                        Map.of("ECS_DEPLOY_UNREACHABLE_WINDOW", SHORT_WINDOW), world -> world.sandbox().close(),
                        "UNKNOWN", 1, Duration.ofSeconds(12), List.of("AWS stopped answering",
                        "The outcome of web:2 is unknown", "CodeDeploy deployment d-")),
                new Row("CodeDeploy restarted empty mid-wait", "web-cd", 1.0, Map.of(),
                        Map.of("ECS_DEPLOY_UNREACHABLE_WINDOW", "60s"), World::restartEmpty,
                        "UNKNOWN", 1, Duration.ofSeconds(20), List.of("no longer exists",
                        "The outcome of web:2 is unknown", "CodeDeploy deployment d-")),
                new Row("SIGTERM while AWS is unreachable", "web", 1.0, Map.of(),
                        Map.of("ECS_DEPLOY_UNREACHABLE_WINDOW", "120s"), world -> {
                            world.sandbox().close();
                            world.waitForLog("AWS stopped answering", Duration.ofSeconds(30));
                            world.process().destroy();
                        }, "CANCELLED", 1, Duration.ofSeconds(10), List.of("Cancelled (SIGTERM)",
                        "could not be stopped")),
                new Row("superseded by a newer deployment", "web", 1.0, Map.of(), Map.of(), world -> {
                            ActionHarness.Run newer = ActionHarness.deployToSandbox(world.temp(),
                                            world.sandbox().endpoint(), "web")
                                    .input("task-definition", "apps/web1/task-definition.json")
                                    .input("image", "ghcr.io/acme/web1:v1.4.3").input("wait", "false").run();
                            assertEquals(0, newer.exitCode(), newer.toString());
                        }, "FAILED", 1, Duration.ofSeconds(10), List.of("web:2 was stopped before it finished",
                        "a new service deployment started", "rolled nothing back")),
                new Row("stopped by another job's command: rollback", "web", 1.0, Map.of(), Map.of(),
                        world -> world.rollBackFromAnotherJob("web"), "ROLLED_BACK", 1, Duration.ofSeconds(10),
                        List.of("web:2 was stopped by a rollback request", "not by a failure")),
                new Row("CodeDeploy stopped by another job's command: rollback", "web-cd", 1.0, Map.of(), Map.of(),
                        world -> {
                            world.waitForLog("replacement", Duration.ofSeconds(60));
                            world.rollBackFromAnotherJob("web-cd");
                        }, "ROLLED_BACK", 1, Duration.ofSeconds(20),
                        List.of("web:2 was stopped by a rollback request", "not by a failure")),
                new Row("CodeDeploy stopped by someone without rollback", "web-cd", 1.0, Map.of(), Map.of(),
                        world -> {
                            world.waitForLog("replacement", Duration.ofSeconds(60));
                            world.stopWithoutRollback();
                        }, "FAILED", 1, Duration.ofSeconds(20),
                        List.of("web:2 was stopped by a stop request", "not by a failure, and nothing rolled it"
                                + " back (", "(MANUAL_STOP))", "this run rolled nothing back either")),

                Row.before("RegisterTaskDefinition gets no answer", "web",
                        world -> world.noAnswerTo("RegisterTaskDefinition"), "UNKNOWN", Duration.ofSeconds(30),
                        List.of("Registering the task definition got no answer", "may have been registered",
                        "the newest revision of web is now web:2", "Nothing was deployed")),
                Row.before("UpdateService gets no answer", "web", world -> world.noAnswerTo("UpdateService"),
                        "UNKNOWN", Duration.ofSeconds(40), List.of("The outcome of web:2 is unknown",
                        "did not answer the call that starts its deployment", "may have taken effect",
                        "now shows deployment arn:aws:ecs:", "Check web at https://")),
                Row.before("CodeDeploy CreateDeployment gets no answer", "web-cd",
                        world -> world.noAnswerTo("CreateDeployment"), "UNKNOWN", Duration.ofSeconds(40),
                        List.of("The outcome of web:2 is unknown", "CodeDeploy did not answer the call",
                        "may have taken effect", "now shows deployment d-")),
                new Row("SIGTERM during docker build", "web", 0.05, Map.of(), Map.of(),
                        world -> world.process().destroy(), "CANCELLED", 1, Duration.ofSeconds(10),
                        List.of("Cancelled (SIGTERM) while building the image"))
                        .startedBy((temp, sandbox) -> buildAndDeploy(temp, sandbox, "echo build-step-started && sleep "
                                + (600 + (int) (Math.random() * 300)), DockerEngine.CLI))
                        .faultWhen(world -> world.log().contains("build-step-started")).needsDocker(),
                new Row("SIGTERM during the image push", "web", 0.05, Map.of(), Map.of(),
                        world -> world.process().destroy(), "CANCELLED", 1, Duration.ofSeconds(10),
                        List.of("Cancelled (SIGTERM) while pushing the image"))
                        // 200 MB of fresh random bytes (no cache): a push that lasts long enough to be interrupted.
                        .startedBy((temp, sandbox) -> buildAndDeploy(temp, sandbox,
                                "head -c 200000000 /dev/urandom > /blob", DockerEngine.CLI))
                        .faultWhen(world -> world.log().contains("::group::Push ")).needsDocker(),
                // The same two through the action's own Engine API client (no ECS_DEPLOY_DOCKER), the default.
                new Row("SIGTERM during the build through the Engine API", "web", 0.05, Map.of(), Map.of(),
                        world -> world.process().destroy(), "CANCELLED", 1, Duration.ofSeconds(10),
                        List.of("Cancelled (SIGTERM) while building the image"))
                        .startedBy((temp, sandbox) -> buildAndDeploy(temp, sandbox, "echo build-step-started && sleep "
                                + (600 + (int) (Math.random() * 300)), ""))
                        .faultWhen(world -> world.log().contains("build-step-started")).needsDocker(),
                new Row("SIGTERM during the image push through the Engine API", "web", 0.05, Map.of(), Map.of(),
                        world -> world.process().destroy(), "CANCELLED", 1, Duration.ofSeconds(10),
                        List.of("Cancelled (SIGTERM) while pushing the image"))
                        .startedBy((temp, sandbox) -> buildAndDeploy(temp, sandbox,
                                "head -c 200000000 /dev/urandom > /blob", ""))
                        .faultWhen(world -> world.log().contains("::group::Push ")).needsDocker(),
                new Row("unwritable GITHUB_STEP_SUMMARY on a successful deploy", "web", 0.03, Map.of(),
                        Map.of("GITHUB_STEP_SUMMARY", UNWRITABLE), world -> { }, "SUCCESSFUL", 0,
                        Duration.ofSeconds(60), List.of("::warning::Cannot write the job summary to"
                        + " GITHUB_STEP_SUMMARY")),
                // The outputs are what cannot be written: the status is read from the log, the exit code decides.
                new Row("unwritable GITHUB_OUTPUT on a successful deploy", "web", 0.03, Map.of(),
                        Map.of("GITHUB_OUTPUT", UNWRITABLE), world -> { }, null, 0, Duration.ofSeconds(60),
                        List.of("Cannot write the step outputs to GITHUB_OUTPUT", "deploy ✅ SUCCESSFUL")).errors(1),
                // Bad input: exit 2, one ::error naming the input, within the bound counted from the start.
                new Row("a 51 MB task definition", "web", 1.0, Map.of(), Map.of(), world -> { }, "INVALID", 2,
                        Duration.ofSeconds(20), List.of("Input task-definition", "larger than 4 MiB"), world -> { },
                        FaultTableTest::deployHugeTaskDefinition, null, 1, false),
                new Row("SIGTERM during the wait", "web", 1.0, Map.of(), Map.of(), world -> {
                            Thread.sleep(1500);
                            world.process().destroy();
                        }, "CANCELLED", 1, Duration.ofSeconds(10), List.of("Cancelled (SIGTERM)")));
    }

    /** The sandbox and the action's process, as a fault sees them. */
    static final class World {
        private Sandbox sandbox;
        private final ActionProcess action;
        private final Path temp;

        World(Sandbox sandbox, ActionProcess action, Path temp) {
            this.sandbox = sandbox;
            this.action = action;
            this.temp = temp;
        }

        /** A directory for a second action run of the fault's own. */
        Path temp() {
            return temp;
        }

        Sandbox sandbox() {
            return sandbox;
        }

        Process process() {
            return action.process();
        }

        String log() {
            return action.log();
        }

        void waitForLog(String words, Duration limit) throws Exception {
            waitFor(() -> log().contains(words), limit, "the log to say \"" + words + "\"\n" + log());
        }

        /**
         * A second job, a process of its own, runs {@code command: rollback} on the same service while this one
         * waits: it stops the deployment with rollback and must succeed once the rollback is seen done.
         */
        void rollBackFromAnotherJob(String service) throws Exception {
            try (ActionProcess other = ActionProcess.start(temp, sandbox.endpoint(),
                    DeployArgs.command("rollback", service, List.of()))) {
                assertTrue(other.process().waitFor(90, TimeUnit.SECONDS), "the rollback job ended\n" + other.log());
                assertEquals(0, other.process().exitValue(), other.log());
                assertEquals("SUCCESSFUL", other.outputs().get("deployment-status"), other.log());
                assertEquals("true", other.outputs().get("rolled-back"), other.log());
            }
        }

        /** Someone else (the console, the CLI) stops web-cd's running CodeDeploy deployment without rollback. */
        void stopWithoutRollback() {
            try (var aws = dev.ecsdeploy.testing.SandboxAws.clients(sandbox.endpoint())) {
                String id = aws.codeDeploy().listDeployments(r -> r.applicationName("AppECS-demo-web-cd")
                        .deploymentGroupName("DgpECS-demo-web-cd").includeOnlyStatusesWithStrings("InProgress",
                                "Ready", "Baking")).deployments().getFirst();
                aws.codeDeploy().stopDeployment(r -> r.deploymentId(id).autoRollbackEnabled(false));
            }
        }

        /** The sandbox's documented hook: calls of this operation are carried out and never answered. */
        void noAnswerTo(String operation) throws Exception {
            dev.ecsdeploy.testing.SandboxAws.noAnswerTo(sandbox.endpoint(), operation);
        }

        /** Stops the sandbox and starts a fresh one on the same port: what the action followed is gone. */
        void restartEmpty() {
            int port = sandbox.endpoint().getPort();
            sandbox.close();
            sandbox = Sandbox.start(SandboxOptions.defaults().withPort(port));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachFaultEndsWithItsStatusExitCodeAndWithinItsBound(Row row) throws Exception {
        SandboxOptions options = SandboxOptions.defaults().withScenario(Scenario.HEALTHY)
                .withTimeScale(row.timeScale());
        if (row.docker()) {
            DockerEngine.require();
            DockerEngine.busyboxBase();
            options = options.withRegistry(DockerEngine.REGISTRY);
        }
        Sandbox sandbox = Sandbox.start(options);
        World world = null;
        try {
            if (row.setUp() != null) {
                row.setUp().apply(new World(sandbox, null, temp));
            }
            long began = System.nanoTime();
            ActionProcess action = row.starter() == null ? start(row, sandbox) : row.starter().start(temp, sandbox);
            Process process = action.process();
            World current = new World(sandbox, action, Files.createDirectory(temp.resolve("fault")));
            world = current;
            Sandbox started = sandbox;
            // The fault comes once the action has started its deployment and finished a look at it: a second began.
            Ready ready = row.ready() != null ? row.ready() : w -> started.auditEntries().stream()
                    .filter(entry -> LOOKS.contains(entry.path("operation").asText())).count() >= 2;
            waitFor(() -> ready.now(current) || !process.isAlive(), Duration.ofSeconds(120),
                    "the fault's moment\n" + world.log());
            row.fault().apply(world);
            long faulted = row.setUp() != null ? began : System.nanoTime();
            boolean exited = process.waitFor(row.bound().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - faulted);
            String log = world.log();
            Map<String, String> outputs = exited ? action.outputs() : Map.of();
            System.out.printf("%s: %s, exit %s after %.1f s, rolled-back=%s: %s%n", row.name(),
                    outputs.get("deployment-status"), exited ? process.exitValue() : "-", took.toMillis() / 1000.0,
                    outputs.get("rolled-back"), outputs.get("failure-reason"));
            if (!exited) {
                process.destroyForcibly();
            }

            assertTrue(exited && took.compareTo(row.bound()) <= 0, row.name() + ": ended within " + row.bound()
                    + " of the fault (took " + took + ")\n" + log);
            assertEquals(row.exitCode(), process.exitValue(), log);
            assertEquals(row.status(), outputs.get("deployment-status"), log);
            for (String words : row.logSays()) {
                assertTrue(log.contains(words), "the log says \"" + words + "\"\n" + log);
            }
            assertTrue(log.lines().filter(line -> line.contains("Cannot write the")).count() <= 1,
                    "an unwritable runner file is named once\n" + log);
            assertTrue(log.lines().noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception in thread")),
                    "no stack trace\n" + log);
            assertEquals(row.errors() >= 0 ? row.errors() : row.exitCode() == 0 ? 0 : 1,
                    log.lines().filter(line -> line.startsWith("::error")).count(),
                    "one ::error for a failure, none for a success (or the row's count)\n" + log);
        } finally {
            (world == null ? sandbox : world.sandbox()).close();
            if (row.docker() && !BUILT.isEmpty()) {
                DockerEngine.removeLocalImages(List.copyOf(BUILT));
                BUILT.clear();
            }
        }
    }

    /** A path no process can create a file at, for GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. */
    private static final String UNWRITABLE = "/proc/ecs-deploy-unwritable/file";
    /** The repositories the Docker rows built, removed from the engine afterwards. */
    private static final List<String> BUILT = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * A deploy that builds and pushes an image whose one step runs {@code run} (BuildCancellationTest's set-up),
     * through the Docker CLI {@code docker} names, or the Engine API when it is empty.
     */
    private static ActionProcess buildAndDeploy(Path temp, Sandbox sandbox, String run, String docker)
            throws Exception {
        String repository = "fault-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        BUILT.add(repository);
        Path workspace = Files.createDirectories(temp.resolve("workspace"));
        Files.writeString(workspace.resolve("package.json"), "{\"version\": \"1.0.0\"}\n");
        Files.writeString(workspace.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\nRUN " + run + "\n");
        return ActionProcess.start(temp, sandbox.endpoint(), List.of("deploy", "--ecr-repository", repository,
                        "--create-repository", "--no-cache", "--cluster", "demo", "--service", "web"), workspace,
                Map.of(dev.ecsdeploy.image.DockerCli.EXECUTABLE_VARIABLE, docker));
    }

    /** A deploy of a 51 MB task definition file: refused quickly, never read whole into a diff. */
    private static ActionProcess deployHugeTaskDefinition(Path temp, Sandbox sandbox) throws Exception {
        Path file = temp.resolve("huge-task-definition.json");
        try (var out = Files.newBufferedWriter(file)) {
            out.write("{\"family\": \"web\", \"containerDefinitions\": [{\"name\": \"app\", \"image\": \"busybox\","
                    + " \"command\": [\"");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'a');
            for (int i = 0; i < 51; i++) {
                out.write(chunk);
            }
            out.write("\"]}]}\n");
        }
        List<String> args = DeployArgs.deploy("web", List.of());
        args.set(args.indexOf("apps/web1/task-definition.json"), file.toString());
        return ActionProcess.start(temp, sandbox.endpoint(), args);
    }

    private ActionProcess start(Row row, Sandbox sandbox) {
        List<String> inputs = new ArrayList<>();
        row.inputs().forEach((name, value) -> inputs.addAll(List.of("--" + name, value)));
        return ActionProcess.start(temp, sandbox.endpoint(), DeployArgs.deploy(row.service(), inputs), row.env());
    }

    private static void waitFor(BooleanSupplier condition, Duration limit, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
