package dev.ecsdeploy.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One AWS service of the sandbox: operations in, protocol-neutral answers out (see {@link Wire}). */
public interface ServiceHandler {
    /**
     * The operations served, by name, each with the AWS SDK builder of its request and the function that answers it
     * ({@link ServedOperation#table}). The front types a request through the builder before {@link #handle}, and
     * refuses an operation missing here. The builders are named in code, not found by class name, so the shrunk jar
     * keeps exactly these request classes. A service the front does not type (no SDK model) serves
     * {@link ServedOperation#untyped} operations.
     */
    Map<String, ServedOperation> operations();

    /**
     * Answers one operation through {@link #operations()}. Throws {@link AwsError} as the service would; an
     * operation the sandbox does not know throws {@link #unknownOperation}. Called with the world lock held.
     */
    default JsonNode handle(String operation, JsonNode input) {
        ServedOperation served = operations().get(operation);
        if (served == null) {
            throw unknownOperation(operation);
        }
        return served.answer().apply(input);
    }

    static AwsError unknownOperation(String operation) {
        return AwsError.client("UnknownOperationException", "The sandbox does not implement " + operation + ".");
    }
}
