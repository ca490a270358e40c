package dev.ecsdeploy.preflight;

import dev.ecsdeploy.github.ActionLog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Which SSM Parameter Store references (a name or a parameter ARN, as ECS takes them in {@code valueFrom}) do not
 * exist: GetParameters, ten at a time (its limit), without decryption; the values read are masked at once.
 */
final class SsmParameters {
    private static final int BATCH = 10;

    private SsmParameters() {
    }

    /** The references of {@code names} SSM does not have. */
    static Set<String> missing(SsmClient ssm, ActionLog log, Set<String> names) {
        Set<String> missing = new LinkedHashSet<>();
        List<String> all = new ArrayList<>(names);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            GetParametersResponse response = ssm.getParameters(r -> r.names(batch).withDecryption(false));
            for (Parameter parameter : response.parameters()) {
                log.mask(parameter.value());
            }
            missing.addAll(response.invalidParameters());
        }
        return missing;
    }
}
