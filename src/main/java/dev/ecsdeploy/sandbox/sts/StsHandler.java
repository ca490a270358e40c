package dev.ecsdeploy.sandbox.sts;

import static dev.ecsdeploy.sandbox.core.ServedOperation.untyped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.ServedOperation;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;
import java.util.Map;

/** STS: GetCallerIdentity (query protocol; the answer is written as XML by the protocol layer). */
public final class StsHandler implements ServiceHandler {
    private final String account;

    public StsHandler(String account) {
        this.account = account;
    }

    /** Untyped: Services gives STS no model package, so the front does not type its requests. */
    private final Map<String, ServedOperation> operations = ServedOperation.table(
            untyped("GetCallerIdentity", input -> callerIdentity()));

    @Override
    public Map<String, ServedOperation> operations() {
        return operations;
    }

    private JsonNode callerIdentity() {
        ObjectNode out = Wire.object();
        out.put("UserId", "AIDASANDBOXUSER00000");
        out.put("Account", account);
        out.put("Arn", "arn:aws:iam::" + account + ":user/sandbox");
        return out;
    }
}
