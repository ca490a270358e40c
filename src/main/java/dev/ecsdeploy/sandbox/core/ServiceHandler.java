package dev.ecsdeploy.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;

/** One AWS service of the sandbox: operations in, protocol-neutral answers out (see {@link Wire}). */
public interface ServiceHandler {
    /**
     * Answers one operation. Throws {@link AwsError} as the service would; an operation the sandbox does not know
     * throws {@code UnknownOperationException}. Called with the world lock held.
     */
    JsonNode handle(String operation, JsonNode input);

    static AwsError unknownOperation(String operation) {
        return AwsError.client("UnknownOperationException", "The sandbox does not implement " + operation + ".");
    }
}
