package dev.ecsdeploy.sandbox.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;

/** STS: GetCallerIdentity (query protocol; the answer is written as XML by the protocol layer). */
public final class StsHandler implements ServiceHandler {
    private final String account;

    public StsHandler(String account) {
        this.account = account;
    }

    @Override
    public JsonNode handle(String operation, JsonNode input) {
        if (!"GetCallerIdentity".equals(operation)) {
            throw ServiceHandler.unknownOperation(operation);
        }
        ObjectNode out = Wire.object();
        out.put("UserId", "AIDASANDBOXUSER00000");
        out.put("Account", account);
        out.put("Arn", "arn:aws:iam::" + account + ":user/sandbox");
        return out;
    }
}
