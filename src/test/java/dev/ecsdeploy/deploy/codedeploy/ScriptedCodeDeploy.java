package dev.ecsdeploy.deploy.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * For endings the sandbox's world does not produce on demand: one endpoint in front of the sandbox that answers
 * CodeDeploy's deployment calls (CreateDeployment, GetDeployment, ListDeployments, ListDeploymentTargets,
 * GetDeploymentTarget, StopDeployment) from a script of states, on the real wire protocol (AWS JSON 1.1), and passes
 * every other call to the sandbox untouched, so the action's SDK clients talk to it exactly as to AWS. Each
 * GetDeployment of the deployment moves the script one state on (the last one stays). Once the script reaches
 * Succeeded, the service reports the deployed revision, as ECS does when CodeDeploy makes the replacement task set
 * primary.
 */
final class ScriptedCodeDeploy implements AutoCloseable {
    static final String DEPLOYMENT_ID = "d-SCRIPTED01";
    static final String ROLLBACK_ID = "d-ROLLBACK01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNFORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");

    /**
     * One state of the deployment: its status, the replacement (green) task set's share of production traffic, the
     * lifecycle events so far as "Name=Status", and for a failure the error and whether a rollback deployment ran.
     */
    record State(String status, double greenWeight, List<String> events, String errorCode, String errorMessage,
                 boolean rolledBack) {
        static State of(String status, double greenWeight, String... events) {
            return new State(status, greenWeight, List.of(events), null, null, false);
        }

        static State failed(String code, String message, boolean rolledBack, String... events) {
            return new State("Failed", 0, List.of(events), code, message, rolledBack);
        }
    }

    private final URI sandbox;
    private final List<State> script;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<JsonNode> creates = new ArrayList<>();
    private final List<JsonNode> stops = new ArrayList<>();
    private final java.util.Map<String, Integer> calls = new java.util.TreeMap<>();
    private int position = -1;
    private boolean stopped;
    private String deployedTaskDefinition;

    ScriptedCodeDeploy(URI sandbox, List<State> script) {
        this.sandbox = sandbox;
        this.script = script;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized List<JsonNode> createDeploymentRequests() {
        return List.copyOf(creates);
    }

    synchronized List<JsonNode> stopDeploymentRequests() {
        return List.copyOf(stops);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith("CodeDeploy_20141006.")
                    ? target.substring("CodeDeploy_20141006.".length()) : null;
            JsonNode answer = operation == null ? null : answer(operation, JSON.readTree(body));
            if (answer != null) {
                respond(exchange, 200, JSON.writeValueAsBytes(answer));
                return;
            }
            forward(exchange, body, target);
        }
    }

    /** How many times each CodeDeploy operation was called. */
    synchronized java.util.Map<String, Integer> calls() {
        return java.util.Map.copyOf(calls);
    }

    private synchronized JsonNode answer(String operation, JsonNode input) {
        calls.merge(operation, 1, Integer::sum);
        return switch (operation) {
            case "GetDeploymentConfig" -> {
                ObjectNode out = JSON.createObjectNode();
                out.putObject("deploymentConfigInfo").put("deploymentConfigName",
                        input.path("deploymentConfigName").asText()).put("computePlatform", "ECS");
                yield out;
            }
            case "CreateDeployment" -> {
                creates.add(input);
                try {
                    JsonNode appSpec = JSON.readTree(input.path("revision").path("appSpecContent").path("content")
                            .asText());
                    deployedTaskDefinition = appSpec.path("Resources").get(0).path("TargetService")
                            .path("Properties").path("TaskDefinition").asText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                yield JSON.createObjectNode().put("deploymentId", DEPLOYMENT_ID);
            }
            case "GetDeployment" -> {
                String id = input.path("deploymentId").asText();
                if (id.equals(ROLLBACK_ID)) {
                    yield deploymentInfo(ROLLBACK_ID, "Succeeded", null, null, false);
                }
                if (stopped) {
                    yield deploymentInfo(DEPLOYMENT_ID, "Stopped", "MANUAL_STOP", "Deployment stopped by user",
                            true);
                }
                position = Math.min(position + 1, script.size() - 1);
                State state = script.get(position);
                yield deploymentInfo(DEPLOYMENT_ID, state.status(), state.errorCode(), state.errorMessage(),
                        state.rolledBack());
            }
            case "ListDeployments" -> {
                // The deployment is running unless stopped or its script ended; before CreateDeployment the
                // script's first state says whether one runs (a rollback command finds it).
                State state = script.get(Math.max(position, 0));
                boolean running = !stopped && Set.of("Created", "Queued", "InProgress", "Ready", "Baking")
                        .contains(state.status());
                ObjectNode out = JSON.createObjectNode();
                ArrayNode ids = out.putArray("deployments");
                if (running) {
                    ids.add(DEPLOYMENT_ID);
                }
                yield out;
            }
            case "ListDeploymentTargets" -> {
                ObjectNode out = JSON.createObjectNode();
                out.putArray("targetIds").add("demo:web-cd");
                yield out;
            }
            case "GetDeploymentTarget" -> target();
            case "StopDeployment" -> {
                stops.add(input);
                stopped = true;
                yield JSON.createObjectNode().put("status", "Pending").put("statusMessage", "Stopping");
            }
            default -> null; // GetDeploymentGroup and the rest: the sandbox's
        };
    }

    private static ObjectNode deploymentInfo(String id, String status, String errorCode, String errorMessage,
                                             boolean rolledBack) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode info = out.putObject("deploymentInfo");
        info.put("deploymentId", id).put("applicationName", "AppECS-demo-web-cd")
                .put("deploymentGroupName", "DgpECS-demo-web-cd").put("status", status)
                .put("computePlatform", "ECS");
        if (errorCode != null) {
            info.putObject("errorInformation").put("code", errorCode).put("message", errorMessage);
        }
        if (rolledBack) {
            info.putObject("rollbackInfo").put("rollbackDeploymentId", ROLLBACK_ID)
                    .put("rollbackMessage", "Deployment " + id + " was rolled back by " + ROLLBACK_ID);
        }
        return out;
    }

    private ObjectNode target() {
        State state = script.get(Math.max(position, 0));
        ObjectNode out = JSON.createObjectNode();
        ObjectNode ecs = out.putObject("deploymentTarget").put("deploymentTargetType", "ECSTarget")
                .putObject("ecsTarget");
        ecs.put("deploymentId", DEPLOYMENT_ID).put("targetId", "demo:web-cd").put("status", state.status());
        ArrayNode events = ecs.putArray("lifecycleEvents");
        for (String event : state.events()) {
            String[] parts = event.split("=");
            events.addObject().put("lifecycleEventName", parts[0]).put("status", parts[1]);
        }
        ArrayNode sets = ecs.putArray("taskSetsInfo");
        sets.addObject().put("identifer", "ecs-svc/blue").put("taskSetLabel", "Blue").put("desiredCount", 2)
                .put("pendingCount", 0).put("runningCount", 2).put("status", "PRIMARY")
                .put("trafficWeight", 100 - state.greenWeight());
        sets.addObject().put("identifer", "ecs-svc/green").put("taskSetLabel", "Green").put("desiredCount", 2)
                .put("pendingCount", 0).put("runningCount", 2).put("status", "ACTIVE")
                .put("trafficWeight", state.greenWeight());
        return out;
    }

    private void forward(HttpExchange exchange, byte[] body, String target) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(sandbox.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!UNFORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        byte[] answer = response.body();
        if ("AmazonEC2ContainerServiceV20141113.DescribeServices".equals(target)) {
            answer = afterCodeDeploy(answer);
        }
        response.headers().map().forEach((name, values) -> {
            if (!UNFORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        respond(exchange, response.statusCode(), answer);
    }

    /** Once CodeDeploy succeeded, the replacement task set is primary: the service runs the deployed revision. */
    private synchronized byte[] afterCodeDeploy(byte[] answer) throws IOException {
        if (deployedTaskDefinition == null || position < 0 || stopped
                || !"Succeeded".equals(script.get(position).status())) {
            return answer;
        }
        JsonNode root = JSON.readTree(answer);
        for (JsonNode service : root.path("services")) {
            if ("web-cd".equals(service.path("serviceName").asText())) {
                ((ObjectNode) service).put("taskDefinition", deployedTaskDefinition);
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
