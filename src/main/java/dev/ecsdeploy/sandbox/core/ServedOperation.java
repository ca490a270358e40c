package dev.ecsdeploy.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;

/**
 * One operation a sandbox service serves, named once: the AWS SDK builder that types its request and the function
 * that answers it. A service's {@link ServiceHandler#operations() table} is a list of these.
 *
 * @param name    the operation as the wire names it (the {@code X-Amz-Target} suffix, the query {@code Action})
 * @param request the builder of the operation's SDK request; null for a service the front does not type
 * @param answer  the input in, the protocol-neutral answer out (see {@link Wire}); may throw {@link AwsError}
 */
public record ServedOperation(String name, Supplier<? extends SdkPojo> request, Function<JsonNode, JsonNode> answer) {
    /** An operation the front types through {@code request} before it answers. */
    public static ServedOperation typed(String name, Supplier<? extends SdkPojo> request,
                                        Function<JsonNode, JsonNode> answer) {
        return new ServedOperation(name, request, answer);
    }

    /** An operation of a service the front does not type (no SDK model is checked for it). */
    public static ServedOperation untyped(String name, Function<JsonNode, JsonNode> answer) {
        return new ServedOperation(name, null, answer);
    }

    /** The table by name; a name given twice is a mistake in the handler, caught when the handler is built. */
    public static Map<String, ServedOperation> table(ServedOperation... operations) {
        Map<String, ServedOperation> byName = new LinkedHashMap<>();
        for (ServedOperation operation : operations) {
            if (byName.putIfAbsent(operation.name(), operation) != null) {
                throw new IllegalArgumentException("operation " + operation.name() + " is served twice");
            }
        }
        return Map.copyOf(byName);
    }
}
