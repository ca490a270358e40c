package dev.ecsdeploy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.ServedOperation;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;
import dev.ecsdeploy.sandbox.http.AwsService;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Every operation a sandbox service answers is named once, with its request builder, in the service's table
 * ({@code ServiceHandler.operations()}): the front types requests only through that table, and the shrunk jar keeps
 * only the request classes it names. Each SDK client's operations are tried on the dispatch; one that does not answer
 * "unknown operation" is served and must be in the table, with the builder of exactly {@code <Operation>Request}.
 */
class ServedOperationsTest {
    /** The SDK client interface of each typed service, whose methods are every operation the service has. */
    private static final Map<String, Class<?>> CLIENTS = Map.of(
            "ecs", software.amazon.awssdk.services.ecs.EcsClient.class,
            "ecr", software.amazon.awssdk.services.ecr.EcrClient.class,
            "codedeploy", software.amazon.awssdk.services.codedeploy.CodeDeployClient.class,
            "secretsmanager", software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.class,
            "logs", software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.class,
            "ssm", software.amazon.awssdk.services.ssm.SsmClient.class);

    static Stream<Arguments> operations() {
        World world = new World(SandboxOptions.defaults());
        return Sandbox.services(world).stream()
                .filter(service -> service.modelPackage() != null)
                .flatMap(service -> operationsOf(service).stream().map(op -> Arguments.of(service.name(), op, service)));
    }

    private static TreeSet<String> operationsOf(AwsService service) {
        Class<?> client = CLIENTS.get(service.name());
        assertTrue(client != null, "no SDK client named for typed service " + service.name());
        TreeSet<String> ops = new TreeSet<>();
        for (Method method : client.getMethods()) {
            if (method.getParameterCount() == 1 && method.getParameterTypes()[0].getSimpleName().endsWith("Request")
                    && method.getParameterTypes()[0].getPackageName().equals(service.modelPackage())) {
                String name = method.getParameterTypes()[0].getSimpleName();
                ops.add(name.substring(0, name.length() - "Request".length()));
            }
        }
        assertFalse(ops.isEmpty(), "no operations found on " + client.getName());
        return ops;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("operations")
    void anOperationTheDispatchServesHasTheBuilderOfItsRequest(String name, String operation, AwsService service)
            throws Exception {
        boolean served = served(service, operation);
        ServedOperation entry = service.handler().operations().get(operation);
        assertEquals(served, entry != null, served
                ? operation + " is answered by the " + name + " dispatch but missing from its table"
                : operation + " is in the " + name + " table but the dispatch does not serve it");
        if (entry != null) {
            assertNotNull(entry.request(), operation + " is served untyped by " + name + ", a service the front types");
            SdkPojo request = (SdkPojo) ((SdkBuilder<?, ?>) entry.request().get()).build();
            assertEquals(Class.forName(service.modelPackage() + "." + operation + "Request"), request.getClass());
        }
    }

    private static boolean served(AwsService service, String operation) {
        try {
            service.handler().handle(operation, Wire.object());
            return true;
        } catch (AwsError e) {
            return !e.code().equals("UnknownOperationException");
        } catch (RuntimeException e) {
            return true;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void everyTableEntryIsAnOperationOfTheService(String name, AwsService service) {
        TreeSet<String> unknown = new TreeSet<>(service.handler().operations().keySet());
        unknown.removeAll(operationsOf(service));
        assertTrue(unknown.isEmpty(), name + " table names operations the service does not have: " + unknown);
    }

    static Stream<Arguments> tables() {
        return Sandbox.services(new World(SandboxOptions.defaults())).stream()
                .filter(service -> service.modelPackage() != null)
                .map(service -> Arguments.of(service.name(), service));
    }

    /** A handler of one operation that counts its calls, to see the dispatch refuse before any answer runs. */
    private static final class OneOperation implements ServiceHandler {
        int calls;
        private final Map<String, ServedOperation> operations = ServedOperation.table(
                ServedOperation.untyped("Only", input -> {
                    calls++;
                    return Wire.object().put("answered", input.path("n").asInt());
                }));

        @Override
        public Map<String, ServedOperation> operations() {
            return operations;
        }
    }

    @Test
    void theDispatchAnswersThroughTheTableAndRefusesANameNotInItBeforeAnyAnswerRuns() {
        OneOperation handler = new OneOperation();
        for (String unknown : List.of("Other", "only", "")) {
            AwsError refused = assertThrows(AwsError.class, () -> handler.handle(unknown, Wire.object()));
            assertEquals("UnknownOperationException", refused.code());
            assertEquals(400, refused.status());
            assertEquals("The sandbox does not implement " + unknown + ".", refused.getMessage());
        }
        assertEquals(0, handler.calls, "no answer ran for an unknown operation");
        assertEquals(7, handler.handle("Only", Wire.object().put("n", 7)).get("answered").asInt());
        assertEquals(1, handler.calls);
    }

    @Test
    void anOperationNamedTwiceInATableIsRefusedWhenTheTableIsBuilt() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ServedOperation.table(
                ServedOperation.untyped("GetParameter", input -> Wire.object()),
                ServedOperation.untyped("GetParameters", input -> Wire.object()),
                ServedOperation.untyped("GetParameter", input -> Wire.object())));
        assertEquals("operation GetParameter is served twice", twice.getMessage());
    }
}
