package dev.ecsdeploy.pipeline;

/**
 * The version this run deploys.
 *
 * @param version e.g. "1.4.2"
 * @param source  where it came from, e.g. "apps/web1/package.json" or "version input"
 */
public record ResolvedVersion(String version, String source) {
}
