package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.DockerEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad image inputs stop the run with exit 2 and one error naming the input, before the build starts and before any
 * AWS call (no AWS endpoint is configured here: reaching AWS would fail differently).
 */
class ImageBadInputTest {
    @TempDir
    Path temp;

    private ActionHarness web1() {
        return new ActionHarness(temp)
                .event("workflow_dispatch", "dispatch-latest.json")
                .env(DockerCli.EXECUTABLE_VARIABLE, DockerEngine.CLI)
                .input("version-file", "apps/web1/package.json")
                .input("ecr-repository", "web1")
                .input("dockerfile", "apps/web1/Dockerfile")
                .input("build-args", "PROJECT=web1")
                .input("build-secrets", "id=npm_token,env=NPM_TOKEN")
                .env("NPM_TOKEN", "npm-token-value");
    }

    private static String onlyError(ActionHarness.Run run) {
        List<String> errors = run.annotations("error");
        assertEquals(1, errors.size(), run.toString());
        return errors.getFirst();
    }

    @Test
    void aMissingDockerfileNamesTheInputAndThePath() {
        ActionHarness.Run run = web1().input("dockerfile", "apps/web1/Dockerfile.prod").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains("title=Invalid input dockerfile"), error);
        assertTrue(error.contains("apps/web1/Dockerfile.prod does not exist"), error);
        assertNull(run.output("image-uri"));
    }

    @Test
    void anUnsetSecretVariableNamesTheSecretAndTheVariable() {
        ActionHarness.Run run = web1().env("NPM_TOKEN", "").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains("title=Invalid input build-secrets"), error);
        assertTrue(error.contains("\"npm_token\" reads the environment variable NPM_TOKEN, which is not set"), error);
    }

    @Test
    void aCacheTheBuiltInBuildKitCannotWriteIsRefusedBeforeTheBuildNamingTheWayOut() {
        DockerEngine.require(); // the engine decides which caches work
        ActionHarness.Run run = web1().input("cache-to", "type=registry,ref=web1:cache,mode=max").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains("title=Invalid input cache-to"), error);
        assertTrue(error.contains("needs the buildx plugin"), error);
        assertTrue(error.contains("type=inline"), error);
        assertTrue(!run.log().contains("::group::Build"), "nothing was built");
    }

    @Test
    void aMistypedCacheTypeIsRefusedWithTheClosestOne() {
        ActionHarness.Run run = web1().input("cache-from", "type=registy,ref=web1:latest").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains("title=Invalid input cache-from"), error);
        assertTrue(error.contains("unknown type \"registy\"") && error.contains("Did you mean registry"), error);
    }

    @Test
    void aMalformedSecretLineSaysHowToWriteIt() {
        ActionHarness.Run run = web1().input("build-secrets", "npm_token=NPM_TOKEN").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(onlyError(run).contains("id=NAME,env=VARIABLE or id=NAME,src=PATH"), run.toString());
    }

    @Test
    void aSecretFileThatDoesNotExistNamesTheFile() {
        ActionHarness.Run run = web1().input("build-secrets", "id=npm_token,env=NPM_TOKEN\nid=netrc,src=.netrc").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains("title=Invalid input build-secrets"), error);
        assertTrue(error.contains("\"netrc\" reads the file .netrc, which does not exist"), error);
    }

    @Test
    void aListOfPlatformsIsRejectedBecauseATaskRunsOneArchitecture() {
        ActionHarness.Run run = web1().input("platform", "linux/amd64,linux/arm64").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(onlyError(run).contains("title=Invalid input platform"), run.toString());
    }

    @Test
    void aBuildArgWithoutEqualsIsRejected() {
        ActionHarness.Run run = web1().input("build-args", "PROJECT=web1\nNODE_ENV").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains("title=Invalid input build-args"), error);
        assertTrue(error.contains("NODE_ENV"), error);
    }

    @Test
    void withoutARepositoryOrAPrebuiltImageTheRunSaysWhatToGive() {
        ActionHarness.Run run = web1().input("ecr-repository", "").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains("ecr-repository is required"), error);
        assertTrue(error.contains("image"), error);
    }

    @Test
    void anUnknownTargetStageListsTheStagesThereAre() {
        ActionHarness.Run run = web1().input("target", "runtime").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains("title=Invalid input target"), error);
        assertTrue(error.contains("has no stage \"runtime\""), error);
    }

    @Test
    void anInvalidExtraTagIsRejected() {
        ActionHarness.Run run = web1().input("tags", "stable, feature/login").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(onlyError(run).contains("\"feature/login\" is not a valid image tag"), run.toString());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(ImagePath.class)
    void aDockerEngineThatDoesNotAnswerIsAConfigurationErrorNotAFailedDeployment(ImagePath path) {
        ActionHarness.Run run = web1().env(DockerCli.EXECUTABLE_VARIABLE, path.dockerVariable())
                .env("DOCKER_HOST", "unix://" + temp.resolve("no-docker.sock")).run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains("The Docker engine does not answer"), error);
        assertTrue(error.contains("the runner mounts its Docker socket; elsewhere start Docker or set DOCKER_HOST"),
                error);
        assertTrue(error.contains("give image") || error.contains("pre-built"), error);
    }

    @Test
    void anEngineOnlyTheCliCanReachIsAConfigurationErrorSayingToUseTheCli() {
        ActionHarness.Run run = web1().env(DockerCli.EXECUTABLE_VARIABLE, "").env("DOCKER_HOST", "ssh://me@build-box")
                .run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains("DOCKER_HOST=ssh://me@build-box"), error);
        assertTrue(error.contains("set ECS_DEPLOY_DOCKER to a Docker CLI"), error);
    }

    @Test
    void aDockerignorePatternDockerRefusesIsBadInputPointingAtItsLine() throws Exception {
        Path workspace = java.nio.file.Files.createDirectories(temp.resolve("ignore-ws"));
        java.nio.file.Files.writeString(workspace.resolve("package.json"), "{\"version\": \"1.0.0\"}\n");
        java.nio.file.Files.writeString(workspace.resolve("Dockerfile"), "FROM scratch\n");
        java.nio.file.Files.writeString(workspace.resolve(".dockerignore"), "node_modules\n[a-\n");

        ActionHarness.Run run = web1().workspace(workspace).input("version-file", "package.json")
                .input("dockerfile", "Dockerfile").input("build-args", "").input("build-secrets", "").run();

        assertEquals(2, run.exitCode(), run.toString());
        String error = onlyError(run);
        assertTrue(error.contains(".dockerignore") && error.contains("line 2"), error);
        assertTrue(error.contains("title=Invalid input build-context"), error);
    }
}
