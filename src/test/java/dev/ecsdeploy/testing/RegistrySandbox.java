package dev.ecsdeploy.testing;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sandbox whose ECR fronts the real loopback registry, for the tests that build and push with the real engine:
 * it hands out repository names unique to the run and, when closed, removes the local tags it made for them.
 */
public final class RegistrySandbox implements AutoCloseable {
    private final Sandbox sandbox;
    private final List<String> repositories = new CopyOnWriteArrayList<>();

    private RegistrySandbox(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** Skips (or under CI fails) unless the engine and registry answer; makes the busybox base; time x0.05. */
    public static RegistrySandbox start() {
        DockerEngine.require();
        DockerEngine.busyboxBase();
        return new RegistrySandbox(Sandbox.start(SandboxOptions.defaults().withRegistry(DockerEngine.REGISTRY)
                .withTimeScale(0.05)));
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public URI endpoint() {
        return sandbox.endpoint();
    }

    /** {@code prefix-xxxxxxxx}, its local tags removed on close. */
    public String uniqueRepository(String prefix) {
        String repository = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        repositories.add(repository);
        return repository;
    }

    @Override
    public void close() {
        DockerEngine.removeLocalImages(repositories);
        sandbox.close();
    }
}
