package dev.ecsdeploy;

import dev.ecsdeploy.image.BuildCache;
import dev.ecsdeploy.image.DockerCli;
import dev.ecsdeploy.image.DockerOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the demo needs to build and push for real: a Docker engine that builds with BuildKit, a registry for the
 * sandbox's ECR to front (one on 127.0.0.1:5000, or one it starts with Debian's {@code docker-registry}), and a base
 * image (busybox: present, imported from the machine's busybox binary, or pulled). When any is missing the demo says
 * so in one line and deploys a pre-built image instead.
 */
final class DemoDocker implements AutoCloseable {
    static final String BASE_IMAGE = "busybox:1.36";
    private static final String IMPORTED_BASE = "ecs-deploy-demo/busybox:1";
    /** The registry to push to when it answers (host:port, plain HTTP on loopback); default 127.0.0.1:5000. */
    static final String REGISTRY_VARIABLE = "ECS_DEPLOY_DEMO_REGISTRY";
    private static final String DEFAULT_REGISTRY = "127.0.0.1:5000";
    private static final Path REGISTRY_BINARY = Path.of("/usr/bin/docker-registry");
    private static final Path DEBIAN_CLI = Path.of("/usr/bin/docker");

    private final DockerCli docker;
    private final String registry;
    private final String baseImage;
    private final Process registryProcess;
    private final Path registryDirectory;

    private DemoDocker(DockerCli docker, String registry, String baseImage, Process registryProcess,
                       Path registryDirectory) {
        this.docker = docker;
        this.registry = registry;
        this.baseImage = baseImage;
        this.registryProcess = registryProcess;
        this.registryDirectory = registryDirectory;
    }

    /** Either Docker is ready, or why the build is skipped (one line). */
    sealed interface Found permits Ready, Missing {
    }

    record Ready(DemoDocker docker) implements Found {
    }

    record Missing(String reason) implements Found {
    }

    static Found find(Map<String, String> env) {
        DockerCli docker = DockerCli.forEnvironment(env);
        String given = env.get(DockerCli.EXECUTABLE_VARIABLE);
        if ((given == null || given.isBlank()) && !buildsWithBuildKit(docker) && Files.isExecutable(DEBIAN_CLI)) {
            // `docker` on the PATH cannot build (a CLI from 23.0 without buildx): Debian's 20.10 CLI can.
            Map<String, String> withDebian = new java.util.HashMap<>(env);
            withDebian.put(DockerCli.EXECUTABLE_VARIABLE, DEBIAN_CLI.toString());
            docker = DockerCli.forEnvironment(withDebian);
        }
        DockerOutput version;
        try {
            version = docker.run(List.of("version", "--format", "{{.Client.Version}}|{{.Server.Version}}"));
        } catch (DockerCli.DockerUnavailableException e) {
            return new Missing("no Docker CLI (" + docker.executable() + " cannot run; install docker.io or set "
                    + DockerCli.EXECUTABLE_VARIABLE + ")");
        }
        String[] versions = version.lines().isEmpty() ? new String[0] : version.lines().getFirst().split("\\|", -1);
        if (!version.ok() || versions.length < 2 || versions[1].isBlank()) {
            return new Missing("the Docker engine does not answer (" + version.lastLine() + ")");
        }
        if (!buildsWithBuildKit(docker)) {
            return new Missing("the Docker CLI " + docker.executable() + " (" + versions[0].trim() + ") needs the buildx"
                    + " plugin to build with BuildKit (install docker-buildx, or set " + DockerCli.EXECUTABLE_VARIABLE
                    + " to a CLI that has it)");
        }
        String base = baseImage(docker);
        if (base == null) {
            return new Missing("no base image: " + BASE_IMAGE + " is not on the engine, cannot be pulled, and there is"
                    + " no busybox binary to import");
        }
        String wanted = env.getOrDefault(REGISTRY_VARIABLE, DEFAULT_REGISTRY);
        if (answers(wanted)) {
            return new Ready(new DemoDocker(docker, wanted, base, null, null));
        }
        if (!Files.isExecutable(REGISTRY_BINARY)) {
            return new Missing("no registry on " + wanted + " for the sandbox's ECR to front (install"
                    + " docker-registry, or run one: docker run -d -p 5000:5000 registry:2)");
        }
        return startRegistry(docker, base);
    }

    /** Whether the CLI builds with BuildKit: built in before 23.0, through the buildx plugin from then on. */
    private static boolean buildsWithBuildKit(DockerCli docker) {
        try {
            DockerOutput client = docker.run(List.of("version", "--format", "{{.Client.Version}}"));
            String version = client.lines().isEmpty() ? "" : client.lines().getFirst().trim();
            return BuildCache.Engine.of(version) != BuildCache.Engine.BUILDX
                    || docker.run(List.of("buildx", "version")).ok();
        } catch (DockerCli.DockerUnavailableException e) {
            return false;
        }
    }

    /** The CLI to hand the action. */
    String executable() {
        return docker.executable();
    }

    String registry() {
        return registry;
    }

    String baseImage() {
        return baseImage;
    }

    /** The base: on the engine already, imported from a local busybox (no network needed), or pulled. */
    private static String baseImage(DockerCli docker) {
        for (String image : List.of(BASE_IMAGE, IMPORTED_BASE)) {
            if (docker.run(List.of("image", "inspect", image)).ok()) {
                return image;
            }
        }
        for (Path busybox : List.of(Path.of("/usr/bin/busybox"), Path.of("/bin/busybox"))) {
            if (Files.isExecutable(busybox) && importBusybox(docker, busybox)) {
                return IMPORTED_BASE;
            }
        }
        return docker.run(List.of("pull", "--quiet", BASE_IMAGE)).ok() ? BASE_IMAGE : null;
    }

    private static boolean importBusybox(DockerCli docker, Path busybox) {
        try {
            Path root = Files.createTempDirectory("ecs-deploy-demo-base");
            Path bin = Files.createDirectories(root.resolve("bin"));
            Files.copy(busybox, bin.resolve("busybox"));
            bin.resolve("busybox").toFile().setExecutable(true);
            for (String applet : List.of("sh", "cat", "echo", "test", "ls", "true")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
            Path tar = root.resolve("base.tar");
            Process packed = new ProcessBuilder("tar", "-C", root.toString(), "-cf", tar.toString(), "bin")
                    .redirectErrorStream(true).start();
            return packed.waitFor() == 0 && docker.run(List.of("import", tar.toString(), IMPORTED_BASE)).ok();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Found startRegistry(DockerCli docker, String base) {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                port = socket.getLocalPort();
            }
            Path directory = Files.createTempDirectory("ecs-deploy-demo-registry");
            Path config = directory.resolve("config.yml");
            Files.writeString(config, "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: " + directory
                    .resolve("data") + "\nhttp:\n  addr: 127.0.0.1:" + port + "\nlog:\n  level: error\n");
            Process process = new ProcessBuilder(REGISTRY_BINARY.toString(), "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("registry.log").toFile()).start();
            String host = "127.0.0.1:" + port;
            for (int i = 0; i < 40 && process.isAlive(); i++) {
                if (answers(host)) {
                    return new Ready(new DemoDocker(docker, host, base, process, directory));
                }
                Thread.sleep(250);
            }
            process.destroy();
            return new Missing("the registry it started (" + REGISTRY_BINARY + ") did not answer on " + host);
        } catch (IOException e) {
            return new Missing("cannot start " + REGISTRY_BINARY + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Missing("interrupted while starting a registry");
        }
    }

    /** Whether the demo started the registry itself (and stops it when done). */
    boolean startedRegistry() {
        return registryProcess != null;
    }

    private static boolean answers(String host) {
        try {
            HttpResponse<Void> ping = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                    + host + "/v2/")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return ping.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (registryProcess != null) {
            // The local tags name a registry that is about to go: they would only litter the engine.
            List<String> tags = docker.run(List.of("images", "--format", "{{.Repository}}:{{.Tag}}")).lines().stream()
                    .filter(reference -> reference.startsWith(registry + "/")).toList();
            if (!tags.isEmpty()) {
                List<String> rmi = new java.util.ArrayList<>(List.of("rmi", "--force"));
                rmi.addAll(tags);
                docker.run(rmi);
            }
            registryProcess.destroy();
            try (var paths = Files.walk(registryDirectory)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
