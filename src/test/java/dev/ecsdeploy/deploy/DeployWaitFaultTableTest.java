package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.ActionProcess;
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
 * Issue 15's fault table for the deploy wait: each fault played against the sandbox on a real action process (a JVM
 * of its own, signals sent to it for real), with the status, the exit code and the time bound it must keep. A row is
 * a fault; more stages (build, push) add rows with their own {@link Fault} and nothing else.
 */
class DeployWaitFaultTableTest {
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

    /**
     * @param bound       from the fault to the process's exit
     * @param logSays     words the log must have, each
     */
    record Row(String name, String service, double timeScale, Map<String, String> inputs, Map<String, String> env,
               Fault fault, String status, int exitCode, Duration bound, List<String> logSays) {
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
        Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.HEALTHY)
                .withTimeScale(row.timeScale()));
        World world = null;
        try {
            ActionProcess action = start(row, sandbox);
            Process process = action.process();
            world = new World(sandbox, action, Files.createDirectory(temp.resolve("fault")));
            Sandbox started = sandbox;
            // The fault comes once the action has started its deployment and finished a look at it: a second began.
            waitFor(() -> started.auditEntries().stream()
                            .filter(entry -> LOOKS.contains(entry.path("operation").asText())).count() >= 2
                            || !process.isAlive(), Duration.ofSeconds(60), "the deployment to start\n" + world.log());
            row.fault().apply(world);
            long faulted = System.nanoTime();
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
            assertTrue(log.lines().noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception in thread")),
                    "no stack trace\n" + log);
            assertEquals(row.exitCode() == 0 ? 0 : 1, log.lines().filter(line -> line.startsWith("::error")).count(),
                    "one ::error for a failure, none for a success\n" + log);
        } finally {
            (world == null ? sandbox : world.sandbox()).close();
        }
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
