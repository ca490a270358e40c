package dev.ecsdeploy.sandbox.ssm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SSM Parameter Store's parameters, and how a task's {@code valueFrom} resolves against them. World lock. */
public final class ParameterStore {
    /** One parameter at its single version. Type String, StringList or SecureString. */
    public record Parameter(String name, String type, String value, long version, Instant lastModified) {
    }

    private final List<Parameter> parameters = new ArrayList<>();
    private final String arnPrefix;

    public ParameterStore(String region, String account) {
        this.arnPrefix = "arn:aws:ssm:" + region + ":" + account + ":parameter";
    }

    public void add(Parameter parameter) {
        parameters.add(parameter);
    }

    public List<Parameter> all() {
        return List.copyOf(parameters);
    }

    /** A parameter's ARN: {@code arn:aws:ssm:R:A:parameter/NAME} (a leading slash of NAME is not doubled). */
    public String arn(Parameter parameter) {
        return arnPrefix + (parameter.name().startsWith("/") ? "" : "/") + parameter.name();
    }

    /** By name or by ARN (this account and region only); a {@code :version} selector must name the version. */
    public Optional<Parameter> find(String nameOrArn) {
        if (nameOrArn == null) {
            return Optional.empty();
        }
        String reference = nameOrArn;
        if (reference.startsWith("arn:")) {
            if (!reference.startsWith(arnPrefix + "/")) {
                return Optional.empty();
            }
            reference = reference.substring(arnPrefix.length());
        }
        String selector = null;
        int colon = reference.lastIndexOf(':');
        if (colon > 0) {
            selector = reference.substring(colon + 1);
            reference = reference.substring(0, colon);
        }
        String wanted = reference;
        String version = selector;
        return parameters.stream()
                .filter(p -> p.name().equals(wanted) || ("/" + p.name()).equals(wanted))
                .filter(p -> version == null || version.equals(String.valueOf(p.version())))
                .findFirst();
    }

    /**
     * What goes wrong when a task fetches this Parameter Store {@code valueFrom} at start (full ARN or name), worded
     * as the ECS agent words it, or empty when it resolves.
     */
    public Optional<String> problemWith(String valueFrom) {
        if (find(valueFrom).isPresent()) {
            return Optional.empty();
        }
        String name = valueFrom.startsWith("arn:") && valueFrom.contains(":parameter")
                ? valueFrom.substring(valueFrom.indexOf(":parameter") + ":parameter".length()) : valueFrom;
        return Optional.of("unable to retrieve secrets from ssm: service call has been retried 1 time(s): "
                + "invalid ssm parameters: " + name);
    }
}
