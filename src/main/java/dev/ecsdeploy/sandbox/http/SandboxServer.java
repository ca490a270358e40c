package dev.ecsdeploy.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecsdeploy.sandbox.core.SlackFailure;
import dev.ecsdeploy.sandbox.core.Audit;
import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.Ids;
import dev.ecsdeploy.sandbox.core.ServedOperation;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;
import dev.ecsdeploy.sandbox.slack.SlackEndpoints;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's HTTP front on 127.0.0.1 (JDK server, one virtual thread per request): AWS requests routed by
 * protocol ({@code X-Amz-Target} for AWS JSON, {@code smithy-protocol: rpc-v2-cbor} for CBOR, a form with
 * {@code Action=} for the query protocol, its service read from the SigV4 credential scope), Slack, and
 * {@code /_sandbox/*}. Every request is audited.
 */
public final class SandboxServer implements AutoCloseable {
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
    private static final Pattern CBOR_PATH = Pattern.compile("/service/([^/]+)/operation/([^/?]+)");
    private static final Map<String, String> QUERY_NAMESPACES = Map.of(
            "sts", "https://sts.amazonaws.com/doc/2011-06-15/",
            "monitoring", "http://monitoring.amazonaws.com/doc/2010-08-01/");

    /** Documented in jdk.httpserver's module summary: sets TCP_NODELAY on every accepted connection. */
    public static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // An AWS endpoint's answer does not wait on the caller's ACKs. The JDK's server writes an answer's headers and
        // body in two writes, and without TCP_NODELAY the body waits for the client's delayed ACK: 40 ms on Linux once
        // a kept-alive connection has left quick-ACK mode. That was 4 of a no-wait deploy's 10 calls, about 170 ms of
        // its 670 ms in the image (scripts/benchmark-container): a cost of the sandbox, counted as the action's.
        // jdk.httpserver reads the property once per JVM, when its first server is made (the module's documentation).
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private final HttpServer server;
    private final List<AwsService> services;
    private final Object lock;
    private final Audit audit;
    private final SlackEndpoints slack;
    private final Supplier<JsonNode> state;
    /** Test hook ({@code /_sandbox/lambda-answers}): scripts a lifecycle hook function's answers. */
    private final Consumer<JsonNode> lambdaAnswers;
    /**
     * Test hook ({@code /_sandbox/no-answer}): operations whose calls are carried out and then left without an
     * answer, the connection closed, as when a network drops a response. Until cleared.
     */
    private final java.util.Set<String> noAnswer = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The throttle scenario's draw (seeded, so a run repeats), or null when not throttling. */
    private final Random throttle;

    /**
     * @param lock     held around every AWS handler call (the world's monitor)
     * @param throttle scenario throttle: 30% of AWS calls answer ThrottlingException, drawn from this (or null)
     */
    public SandboxServer(int port, List<AwsService> services, Object lock, Audit audit, SlackEndpoints slack,
                         Supplier<JsonNode> state, Consumer<JsonNode> lambdaAnswers,
                         Random throttle) throws IOException {
        this.lambdaAnswers = lambdaAnswers;
        this.services = services;
        this.lock = lock;
        this.audit = audit;
        this.slack = slack;
        this.state = state;
        this.throttle = throttle;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/_sandbox/")) {
                sandbox(exchange, path, body);
            } else if (path.startsWith("/slack/")) {
                slack(exchange, path, body);
            } else {
                aws(exchange, path, body);
            }
        } catch (RuntimeException e) {
            // A bug in the sandbox: answer as AWS answers an internal failure, and keep serving.
            e.printStackTrace(System.err);
            send(exchange, 500, "application/x-amz-json-1.1",
                    Protocols.jsonError("InternalFailure", String.valueOf(e.getMessage())));
        }
    }

    private void sandbox(HttpExchange exchange, String path, byte[] body) throws IOException {
        if (path.equals("/_sandbox/state") && exchange.getRequestMethod().equals("GET")) {
            audit.record("sandbox", "GetState", 200, null, null);
            send(exchange, 200, "application/json", Protocols.json(state.get()));
        } else if (path.equals("/_sandbox/slack-failure")) {
            JsonNode request = body.length == 0 ? Wire.object() : Wire.JSON.readTree(body);
            SlackFailure failure = exchange.getRequestMethod().equals("DELETE") ? null : new SlackFailure(
                    request.path("status").asInt(500), request.path("count").asInt(1),
                    request.path("retryAfter").asInt(1));
            slack.setFailure(failure);
            audit.record("sandbox", "SetSlackFailure", 200, null, request);
            send(exchange, 200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/_sandbox/lambda-answers") && exchange.getRequestMethod().equals("POST")) {
            JsonNode request = body.length == 0 ? Wire.object() : Wire.JSON.readTree(body);
            lambdaAnswers.accept(request);
            audit.record("sandbox", "SetLambdaAnswers", 200, null, request);
            send(exchange, 200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/_sandbox/no-answer")) {
            JsonNode request = body.length == 0 ? Wire.object() : Wire.JSON.readTree(body);
            if (exchange.getRequestMethod().equals("DELETE")) {
                noAnswer.clear();
            } else {
                noAnswer.add(request.path("operation").asText());
            }
            audit.record("sandbox", "SetNoAnswer", 200, null, request);
            send(exchange, 200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void slack(HttpExchange exchange, String path, byte[] body) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 405, "text/plain", "method_not_allowed".getBytes(StandardCharsets.UTF_8));
            return;
        }
        SlackEndpoints.Answer answer = slack.handle(path, exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Authorization"), body);
        if (answer.retryAfter() > 0) {
            exchange.getResponseHeaders().add("Retry-After", String.valueOf(answer.retryAfter()));
        }
        audit.record("slack", answer.operation(), answer.status(), answer.errorCode(), answer.payload());
        send(exchange, answer.status(), answer.contentType(), answer.body().getBytes(StandardCharsets.UTF_8));
    }

    private void aws(HttpExchange exchange, String path, byte[] body) throws IOException {
        String requestId = Ids.requestId();
        exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String smithy = exchange.getRequestHeaders().getFirst("smithy-protocol");
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (target != null && target.contains(".")) {
            String prefix = target.substring(0, target.lastIndexOf('.'));
            String operation = target.substring(target.lastIndexOf('.') + 1);
            String type = contentType.startsWith("application/x-amz-json-1.0") ? "application/x-amz-json-1.0"
                    : "application/x-amz-json-1.1";
            AwsService service = byPrefix(prefix);
            answer(exchange, service, prefix, operation, () -> body.length == 0 ? Wire.object()
                            : Wire.JSON.readTree(body), result -> Protocols.json(result),
                    (code, message, status) -> Protocols.jsonError(code, message), type);
            return;
        }
        Matcher cbor = CBOR_PATH.matcher(path);
        if ("rpc-v2-cbor".equals(smithy) && cbor.matches()) {
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            AwsService service = byPrefix(cbor.group(1));
            answer(exchange, service, cbor.group(1), cbor.group(2), () -> Protocols.cborInput(body),
                    Protocols::cbor, (code, message, status) -> {
                        exchange.getResponseHeaders().add("x-amzn-query-error", code + ";"
                                + (status >= 500 ? "Receiver" : "Sender"));
                        return Protocols.cborError(code, message);
                    }, "application/cbor");
            return;
        }
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            Map<String, String> form = Protocols.form(body);
            String signingName = signingName(exchange.getRequestHeaders().getFirst("Authorization"));
            String namespace = QUERY_NAMESPACES.getOrDefault(signingName, "https://" + signingName
                    + ".amazonaws.com/");
            String operation = form.getOrDefault("Action", "");
            AwsService service = services.stream().filter(s -> s.name().equals(signingName)).findFirst().orElse(null);
            answer(exchange, service, signingName, operation, () -> Protocols.queryInput(form),
                    result -> Protocols.queryXml(operation, namespace, result, requestId),
                    (code, message, status) -> Protocols.queryError(namespace, code.equals("ThrottlingException")
                            ? "Throttling" : code, message, status, requestId), "text/xml");
            return;
        }
        audit.record("unknown", path, 404, "UnknownOperationException", null);
        send(exchange, 404, "application/x-amz-json-1.1", Protocols.jsonError("UnknownOperationException",
                "The sandbox does not recognise this request."));
    }

    private interface Reader {
        JsonNode read() throws IOException;
    }

    private interface Writer {
        byte[] write(JsonNode result);
    }

    private interface ErrorWriter {
        byte[] write(String code, String message, int status);
    }

    private void answer(HttpExchange exchange, AwsService service, String serviceKey, String operation, Reader reader,
                        Writer writer, ErrorWriter errors, String contentType) throws IOException {
        String auditName = service == null ? serviceKey : service.name();
        JsonNode input = null;
        try {
            if (service == null) {
                throw AwsError.client("UnknownOperationException", "The sandbox does not serve " + serviceKey + ".");
            }
            if (throttle != null && throttle.nextDouble() < 0.3) {
                throw AwsError.client("ThrottlingException", "Rate exceeded");
            }
            try {
                input = reader.read();
            } catch (IOException | IllegalArgumentException e) {
                throw AwsError.client("SerializationException", "The request body could not be read.");
            }
            if (service.modelPackage() != null) {
                ServedOperation served = service.handler().operations().get(operation);
                if (served == null) {
                    throw ServiceHandler.unknownOperation(operation);
                }
                RequestValidator.validate(service.rulesKey(), served.request(), service.validationCode(), operation,
                        input);
            }
            JsonNode result;
            synchronized (lock) {
                result = service.handler().handle(operation, input == null ? Wire.object() : input);
            }
            if (noAnswer.contains(operation)) {
                // Carried out, never answered: closing the exchange before any response closes the connection.
                audit.record(auditName, operation, 0, "NoAnswer", auditedPayload(auditName, operation, input));
                return;
            }
            audit.record(auditName, operation, 200, null, auditedPayload(auditName, operation, input));
            send(exchange, 200, contentType, writer.write(result == null ? Wire.object() : result));
        } catch (AwsError e) {
            audit.record(auditName, operation, e.status(), e.code(), auditedPayload(auditName, operation, input));
            send(exchange, e.status(), contentType, errors.write(e.code(), e.getMessage(), e.status()));
        }
    }

    /**
     * The request bodies worth keeping: CodeDeploy CreateDeployment (which config, which AppSpec: a test checks
     * {@code deploymentConfigName}), StopDeployment (with or without rollback), ContinueDeployment (which wait) and
     * UpdateDeploymentGroup. They carry no secrets; other
     * operations stay out of the audit.
     */
    private static JsonNode auditedPayload(String service, String operation, JsonNode input) {
        boolean kept = operation.equals("CreateDeployment") || operation.equals("StopDeployment")
                || operation.equals("ContinueDeployment") || operation.equals("UpdateDeploymentGroup");
        return "codedeploy".equals(service) && kept ? input : null;
    }

    private AwsService byPrefix(String prefix) {
        return services.stream().filter(s -> s.targetPrefix().equals(prefix)
                || s.name().equals("monitoring") && prefix.equals("GraniteServiceVersion20100801"))
                .findFirst().orElse(null);
    }

    private static String signingName(String authorization) {
        if (authorization == null) {
            return "sts";
        }
        Matcher matcher = SCOPE.matcher(authorization);
        return matcher.find() ? matcher.group(1) : "sts";
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
