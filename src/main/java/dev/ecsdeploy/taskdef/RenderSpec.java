package dev.ecsdeploy.taskdef;

import java.util.List;
import java.util.Map;

/**
 * What to change in the base task definition.
 *
 * @param image          the image for the chosen containers, or null to keep theirs
 * @param containerNames the containers that get the image, variables and secrets; empty: pick the only one, or the
 *                       only essential one
 * @param environment    variables merged by name
 * @param secrets        secrets (name → valueFrom) merged by name; secrets-from's keys first, the secrets input after
 * @param overrides      labels, command, environment files and logging for those containers; task-level roles,
 *                       cpu and memory
 */
public record RenderSpec(String image, List<String> containerNames, Map<String, String> environment,
                         Map<String, String> secrets, RenderOverrides overrides) {
    public RenderSpec(String image, List<String> containerNames, Map<String, String> environment,
                      Map<String, String> secrets) {
        this(image, containerNames, environment, secrets, RenderOverrides.NONE);
    }
}
