package dev.ecsdeploy.preflight;

import dev.ecsdeploy.github.ActionLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Which SSM Parameter Store references ({@code valueFrom}: a name, or a parameter ARN, which ECS requires for a
 * parameter in another region) do not resolve: GetParameters in the parameter's region, ten names a call (its limit),
 * without decryption; any value read is masked at once. A name with spaces is refused without asking (GetParameters
 * would fail the whole call with ValidationException).
 */
final class SsmParameters {
    private static final int BATCH = 10;

    private SsmParameters() {
    }

    /** The references that do not resolve, each with why; {@code clientFor} gives the SSM client of a region. */
    static Map<String, String> problems(Set<String> references, String region, Function<String, SsmClient> clientFor,
                                        ActionLog log) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, List<String>> byRegion = new LinkedHashMap<>();
        for (String reference : references) {
            if (reference.chars().anyMatch(Character::isWhitespace)) {
                problems.put(reference, "an SSM parameter name has no spaces");
                continue;
            }
            byRegion.computeIfAbsent(regionOf(reference, region), r -> new ArrayList<>()).add(reference);
        }
        byRegion.forEach((where, names) -> {
            SsmClient ssm = clientFor.apply(where);
            for (int from = 0; from < names.size(); from += BATCH) {
                List<String> batch = names.subList(from, Math.min(names.size(), from + BATCH));
                GetParametersResponse response = ssm.getParameters(r -> r.names(batch).withDecryption(false));
                for (Parameter parameter : response.parameters()) {
                    log.mask(parameter.value());
                }
                response.invalidParameters().forEach(name -> problems.put(name, "SSM Parameter Store has no such"
                        + " parameter" + (where.equals(region) ? "" : " in " + where)));
            }
        });
        return problems;
    }

    /** {@code arn:aws:ssm:REGION:ACCOUNT:parameter/NAME} names its region; a bare name is in the task's. */
    static String regionOf(String reference, String region) {
        String[] parts = reference.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") && parts[2].equals("ssm") && !parts[3].isEmpty()
                ? parts[3] : region;
    }
}
