package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.SlackFailure;

import dev.ecsdeploy.sandbox.core.Scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.cloudwatch.CloudWatchHandler;
import dev.ecsdeploy.sandbox.codedeploy.CodeDeployHandler;
import dev.ecsdeploy.sandbox.core.Audit;
import dev.ecsdeploy.sandbox.ecr.EcrHandler;
import dev.ecsdeploy.sandbox.ecs.EcsHandler;
import dev.ecsdeploy.sandbox.http.SandboxServer;
import dev.ecsdeploy.sandbox.http.AwsService;
import dev.ecsdeploy.sandbox.http.Services;
import dev.ecsdeploy.sandbox.logs.LogsHandler;
import dev.ecsdeploy.sandbox.secrets.SecretsHandler;
import dev.ecsdeploy.sandbox.slack.SlackEndpoints;
import dev.ecsdeploy.sandbox.ssm.SsmHandler;
import dev.ecsdeploy.sandbox.sts.StsHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * A simulated AWS (ECS, ECR, CodeDeploy, Secrets Manager, CloudWatch Logs, CloudWatch, STS) and Slack on
 * 127.0.0.1, speaking the real wire protocols, whose world moves in time like AWS. Start it, point
 * {@code AWS_ENDPOINT_URL} at {@link #endpoint()}, close it when done.
 */
public final class Sandbox implements AutoCloseable {
    /** How often the scheduler looks at the world (real time). */
    private static final long TICK_MILLIS = 10;

    private final World world;
    private final Audit audit;
    private final SlackEndpoints slack;
    private final SandboxServer server;
    private final ScheduledExecutorService scheduler;

    /** Every service of the sandbox over one world. */
    static List<AwsService> services(World world) {
        return Services.all(
                new EcsHandler(world.ecs),
                new EcrHandler(world.repositories, world.registry, world.knownImages, world.clock),
                new CodeDeployHandler(World.REGION, World.ACCOUNT, world.startedAt, world.ecs, world.codeDeploy),
                new SecretsHandler(world.secrets),
                new LogsHandler(world.logs),
                new CloudWatchHandler(world.alarms),
                new StsHandler(World.ACCOUNT), new SsmHandler(world.parameters));
    }

    private Sandbox(SandboxOptions options) throws IOException {
        this.world = new World(options);
        this.audit = new Audit(options.audit());
        this.slack = new SlackEndpoints(options.slackFailure());
        this.server = new SandboxServer(options.port(), services(world), world, audit, slack, this::state,
                request -> scriptLambda(request.path("function").asText(),
                        StreamSupport.stream(request.path("answers").spliterator(), false).toList()),
                options.scenario() == Scenario.THROTTLE ? new Random(options.seed()) : null);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    public static Sandbox start(SandboxOptions options) {
        try {
            return new Sandbox(options);
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox cannot listen on port " + options.port() + ": "
                    + e.getMessage(), e);
        }
    }

    private void tick() {
        try {
            synchronized (world) {
                world.ecs.tick();
            }
        } catch (RuntimeException e) {
            // Keep time moving even if one tick trips over a bug; the trace says where.
            e.printStackTrace(System.err);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the value for AWS_ENDPOINT_URL (and the Slack base). */
    public URI endpoint() {
        return server.endpoint();
    }

    /** Every request so far, as the audit file has them. */
    public List<JsonNode> auditEntries() {
        return audit.entries();
    }

    /** The world now, as {@code GET /_sandbox/state} answers. */
    public JsonNode state() {
        ObjectNode state;
        synchronized (world) {
            state = world.state();
        }
        state.set("slack", slack.state());
        return state;
    }

    /**
     * Test hook: from now on the lifecycle hook function (its name or ARN) answers these, one per invocation, the
     * last one again and again: e.g. {@code {"hookStatus": "IN_PROGRESS", "callBackDelay": 60, "hookDetails": {…}}}.
     */
    public void scriptLambda(String function, List<JsonNode> answers) {
        synchronized (world) {
            world.ecs.lambdas.script(function, answers);
        }
    }

    /** Makes Slack fail from now on (null: stop failing). */
    public void slackFailure(SlackFailure failure) {
        slack.setFailure(failure);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        server.close();
        audit.close();
    }
}
