package dev.ecsdeploy.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;

/** One AWS service of the sandbox: operations in, protocol-neutral answers out (see {@link Wire}). */
public interface ServiceHandler {
    /**
     * Answers one operation. Throws {@link AwsError} as the service would; an operation the sandbox does not know
     * throws {@code UnknownOperationException}. Called with the world lock held.
     */
    JsonNode handle(String operation, JsonNode input);

    /**
     * The operations served, each with the AWS SDK builder of its request: the front types a request through it
     * before {@link #handle}, and refuses an operation missing here. Named in code, not found by class name, so the
     * shrunk jar keeps exactly these request classes. Empty for a service the front does not type (no SDK model).
     */
    default Map<String, Supplier<? extends SdkPojo>> requests() {
        return Map.of();
    }

    static AwsError unknownOperation(String operation) {
        return AwsError.client("UnknownOperationException", "The sandbox does not implement " + operation + ".");
    }
}
