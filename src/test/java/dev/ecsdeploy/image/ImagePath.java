package dev.ecsdeploy.image;

import dev.ecsdeploy.image.engine.DockerEngineApi;
import dev.ecsdeploy.image.engine.EngineAddress;
import dev.ecsdeploy.testing.DockerEngine;
import java.util.Map;

/** The two ways the image steps reach Docker; the host tests run on both. */
enum ImagePath {
    /** The default: the action speaks the engine's API itself. */
    ENGINE_API,
    /** {@code ECS_DEPLOY_DOCKER} names a Docker CLI (Debian's 20.10 here). */
    DOCKER_CLI;

    ImageEngine engine() {
        return this == DOCKER_CLI
                ? new CliImageEngine(DockerCli.forEnvironment(Map.of(DockerCli.EXECUTABLE_VARIABLE, DockerEngine.CLI)))
                : new ApiImageEngine(new DockerEngineApi(EngineAddress.from(Map.of())));
    }

    /** The run's {@code ECS_DEPLOY_DOCKER}: the CLI, or empty (unset) for the API. */
    String dockerVariable() {
        return this == DOCKER_CLI ? DockerEngine.CLI : "";
    }
}
