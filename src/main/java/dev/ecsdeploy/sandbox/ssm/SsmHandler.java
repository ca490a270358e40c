package dev.ecsdeploy.sandbox.ssm;

import static dev.ecsdeploy.sandbox.core.ServedOperation.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.ServedOperation;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;

/** SSM Parameter Store: GetParameter, GetParameters (AWS JSON 1.1, {@code AmazonSSM.*}). */
public final class SsmHandler implements ServiceHandler {
    private final ParameterStore store;

    public SsmHandler(ParameterStore store) {
        this.store = store;
    }

    /** Every operation SSM serves here, with the SDK builder that types its request (see RequestValidator). */
    private final Map<String, ServedOperation> operations = ServedOperation.table(
            typed("GetParameter", GetParameterRequest::builder, this::getParameter),
            typed("GetParameters", GetParametersRequest::builder, this::getParameters));

    @Override
    public Map<String, ServedOperation> operations() {
        return operations;
    }

    private JsonNode getParameter(JsonNode input) {
        // SSM answers ParameterNotFound with an empty message.
        ParameterStore.Parameter parameter = store.find(Wire.text(input, "Name"))
                .orElseThrow(() -> AwsError.client("ParameterNotFound", ""));
        ObjectNode out = Wire.object();
        out.set("Parameter", parameter(parameter, Wire.bool(input, "WithDecryption", false)));
        return out;
    }

    private JsonNode getParameters(JsonNode input) {
        List<String> names = Wire.textList(input, "Names");
        boolean decrypt = Wire.bool(input, "WithDecryption", false);
        ObjectNode out = Wire.object();
        ArrayNode found = out.putArray("Parameters");
        ArrayNode invalid = out.putArray("InvalidParameters");
        for (String name : names) {
            Optional<ParameterStore.Parameter> parameter = store.find(name);
            if (parameter.isPresent()) {
                found.add(parameter(parameter.get(), decrypt));
            } else {
                invalid.add(name);
            }
        }
        return out;
    }

    /** A SecureString read without decryption shows its ciphertext (here: an opaque base64 blob), as SSM does. */
    private ObjectNode parameter(ParameterStore.Parameter parameter, boolean decrypt) {
        ObjectNode json = Wire.object();
        json.put("Name", parameter.name());
        json.put("Type", parameter.type());
        boolean hidden = parameter.type().equals("SecureString") && !decrypt;
        json.put("Value", hidden ? Base64.getEncoder().encodeToString(("sandbox-kms:" + parameter.name())
                .getBytes(StandardCharsets.UTF_8)) : parameter.value());
        json.put("Version", parameter.version());
        Wire.putTime(json, "LastModifiedDate", parameter.lastModified());
        json.put("ARN", store.arn(parameter));
        json.put("DataType", "text");
        return json;
    }
}
