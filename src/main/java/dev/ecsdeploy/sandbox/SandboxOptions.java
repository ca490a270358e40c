package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.SlackFailure;

import dev.ecsdeploy.sandbox.core.Scenario;

import java.nio.file.Path;

/**
 * How to start a {@link Sandbox}; immutable, with withers. Port 0 picks a free port. {@code seed} drives the
 * scenario's random draws (which calls {@code throttle} refuses), fixed by default so a run repeats.
 */
public record SandboxOptions(int port, Scenario scenario, double timeScale, Path audit, String registry,
                             SlackFailure slackFailure, long seed) {
    public static final long DEFAULT_SEED = 14L;

    public SandboxOptions(int port, Scenario scenario, double timeScale, Path audit, String registry,
                          SlackFailure slackFailure) {
        this(port, scenario, timeScale, audit, registry, slackFailure, DEFAULT_SEED);
    }

    public SandboxOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (!(timeScale > 0) || timeScale > 1000) {
            throw new IllegalArgumentException("time scale must be a number above 0 (1 = real time), not " + timeScale);
        }
        if (scenario == null) {
            throw new IllegalArgumentException("scenario is required");
        }
    }

    public static SandboxOptions defaults() {
        return new SandboxOptions(0, Scenario.HEALTHY, 1.0, null, null, null);
    }

    public SandboxOptions withPort(int port) {
        return new SandboxOptions(port, scenario, timeScale, audit, registry, slackFailure, seed);
    }

    public SandboxOptions withScenario(Scenario scenario) {
        return new SandboxOptions(port, scenario, timeScale, audit, registry, slackFailure, seed);
    }

    public SandboxOptions withTimeScale(double timeScale) {
        return new SandboxOptions(port, scenario, timeScale, audit, registry, slackFailure, seed);
    }

    public SandboxOptions withAudit(Path audit) {
        return new SandboxOptions(port, scenario, timeScale, audit, registry, slackFailure, seed);
    }

    /** A real Docker registry (v2 API over plain HTTP) that plays the part of ECR's storage. */
    public SandboxOptions withRegistry(String registry) {
        return new SandboxOptions(port, scenario, timeScale, audit, registry, slackFailure, seed);
    }

    public SandboxOptions withSeed(long seed) {
        return new SandboxOptions(port, scenario, timeScale, audit, registry, slackFailure, seed);
    }

    public SandboxOptions withSlackFailure(SlackFailure slackFailure) {
        return new SandboxOptions(port, scenario, timeScale, audit, registry, slackFailure, seed);
    }
}
