package dev.ecsdeploy.image;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.pipeline.Cancellation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The image steps through a Docker CLI ({@value DockerCli#EXECUTABLE_VARIABLE}): the action runs it as a child. */
record CliImageEngine(DockerCli docker) implements ImageEngine {

    @Override
    public Checked check() {
        DockerOutput version;
        try {
            version = docker.run(List.of("version", "--format", "{{.Client.Version}}|{{.Server.Version}}"));
        } catch (DockerCli.DockerUnavailableException e) {
            throw new BadInputException(null, e.getMessage() + ". Set " + DockerCli.EXECUTABLE_VARIABLE + " to the"
                    + " Docker CLI's path, leave it unset to build through the Docker engine's API, or give image to"
                    + " deploy a pre-built image.");
        }
        String[] versions = version.lines().isEmpty() ? new String[0] : version.lines().getFirst().split("\\|", -1);
        if (!version.ok() || versions.length < 2 || versions[1].isBlank()) {
            throw CheckDockerStep.engineDoesNotAnswer(version.lastLine());
        }
        String client = versions[0].trim();
        if (CheckDockerStep.needsBuildxPlugin(client) && !docker.run(List.of("buildx", "version")).ok()) {
            throw new BadInputException(null, "The Docker CLI " + docker.executable() + " (" + client + ") needs the"
                    + " buildx plugin to build with BuildKit, and it is not installed. Install docker-buildx, or set "
                    + DockerCli.EXECUTABLE_VARIABLE + " to a CLI that has it.");
        }
        return new Checked("engine " + versions[1].trim() + ", CLI " + client, BuildCache.Engine.of(client));
    }

    @Override
    public String buildxDriver() {
        DockerOutput inspect = docker.run(List.of("buildx", "inspect"));
        for (String line : inspect.lines()) {
            if (line.startsWith("Driver:")) {
                return line.substring("Driver:".length()).trim();
            }
        }
        return null;
    }

    /** {@code docker login --password-stdin}, into whatever DOCKER_CONFIG this CLI has (the session's private one). */
    @Override
    public DockerOutput login(String host, EcrLogin login, Cancellation cancellation) {
        return docker.run(List.of("login", "--username", login.username(), "--password-stdin", host),
                login.password(), line -> { }, cancellation);
    }

    @Override
    public Built build(ImageBuild build, Consumer<String> lines, Cancellation cancellation) {
        Path imageIdFile;
        try {
            imageIdFile = Files.createTempFile("ecs-deploy-image-id", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            BuildCommand command = new BuildCommand(build.dockerfile().toString(), build.context(), build.platform(),
                    build.target(), build.noCache(), build.buildArgs(), build.secrets().stream()
                    .map(ImageResults.SecretSource::cliArgument).toList(), build.labels(), build.references(),
                    imageIdFile.toString(), build.cache().arguments(build.previousImages()));
            Map<String, String> environment = new HashMap<>(build.secretEnvironment());
            environment.put("DOCKER_BUILDKIT", "1");
            DockerOutput result = docker.withEnvironment(environment).run(command.arguments(), null, lines,
                    cancellation);
            String imageId = result.ok() ? Files.readString(imageIdFile).trim() : null;
            return new Built(result, imageId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(imageIdFile);
            } catch (IOException ignored) {
                // a temp file with an image id in it: nothing secret
            }
        }
    }

    @Override
    public DockerOutput push(String reference, Consumer<String> lines, Cancellation cancellation) {
        return docker.run(List.of("push", reference), null, lines, cancellation);
    }

    /** The same CLI using a private Docker config directory. */
    CliImageEngine withConfig(Path directory) {
        return new CliImageEngine(docker.withEnvironment(Map.of("DOCKER_CONFIG", directory.toString())));
    }

    void logout(String host) {
        docker.run(List.of("logout", host));
    }
}
