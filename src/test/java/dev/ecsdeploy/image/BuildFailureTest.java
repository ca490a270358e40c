package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failed builds as Docker 20.10's BuildKit and buildx print them (plain progress), captured from real builds. */
class BuildFailureTest {
    private static final List<String> DOCKERFILE = List.of(
            "# A build whose third step fails the way a compile error does: output, then a non-zero exit.",
            "FROM ecs-deploy-test/busybox:1",
            "WORKDIR /app",
            "RUN echo \"compiling web1\" && echo \"src/index.js:3: SyntaxError: Unexpected token '}'\" >&2 && exit 3",
            "RUN echo \"never reached\"");

    private static final String DOCKER_20_RUN_FAILED = """
            #4 [1/4] FROM docker.io/ecs-deploy-test/busybox:1
            #4 sha256:8ff7efff1494d0eb028aed1666ae51f59fb63331eeefbc8ab1ed9355f44bef8a
            #4 DONE 0.0s

            #5 [2/4] WORKDIR /app
            #5 sha256:a5bf7640b94885f339cc298c7fcb0937ca6525882af4b6b0e239bfe62c936d37
            #5 DONE 0.0s

            #6 [3/4] RUN echo "compiling web1" && echo "src/index.js:3: SyntaxError: Unexpected token '}'" >&2 && exit 3
            #6 sha256:115ee0342f3047ec2e32ebb616e66692dcbc922dcfbd65bf81164b3a904f3546
            #6 1.017 compiling web1
            #6 1.017 src/index.js:3: SyntaxError: Unexpected token '}'
            #6 ERROR: executor failed running [/bin/sh -c echo "compiling web1" && echo "src/index.js:3: SyntaxError: Unexpected token '}'" >&2 && exit 3]: exit code: 3
            ------
             > [3/4] RUN echo "compiling web1" && echo "src/index.js:3: SyntaxError: Unexpected token '}'" >&2 && exit 3:
            ------
            executor failed running [/bin/sh -c echo "compiling web1" && echo "src/index.js:3: SyntaxError: Unexpected token '}'" >&2 && exit 3]: exit code: 3
            """;

    private static final String BUILDX_RUN_FAILED = """
            #5 [build 2/3] RUN npm ci
            #5 0.412 npm ERR! code E401
            #5 0.413 npm ERR! Unable to authenticate, need: Basic realm="GitHub Package Registry"
            #5 ERROR: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1
            ------
             > [build 2/3] RUN npm ci:
            0.412 npm ERR! code E401
            0.413 npm ERR! Unable to authenticate, need: Basic realm="GitHub Package Registry"
            ------
            Dockerfile:3
            --------------------
               1 |     FROM node:22 AS build
               2 |     WORKDIR /app
               3 | >>> RUN npm ci
            --------------------
            ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1
            """;

    private static final String DOCKER_20_SYNTAX_ERROR = """
            #1 [internal] load build definition from Dockerfile3
            #1 sha256:38e7bc3f89837a59466c1a638f59bbcc166f7f1cfe4d21d6f699b153e78652d9
            #1 transferring dockerfile: 58B done
            #1 DONE 0.0s

            failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 2: unknown instruction: RUNN
            """;

    private static final String DOCKER_20_MISSING_SECRET = """
            #8 [4/4] RUN --mount=type=secret,id=npm_token,required=true     test -s /run/secrets/npm_token && echo "dependencies of web1 installed" > /app/installed.txt
            #8 sha256:0fb155a6307ba7a9c7ddcae2c930d5b186cc489e60b6743f0ad515ef9b9e9902
            #8 ERROR: secret npm_token not found: not found
            ------
             > [4/4] RUN --mount=type=secret,id=npm_token,required=true     test -s /run/secrets/npm_token && echo "dependencies of web1 installed" > /app/installed.txt:
            ------
            secret npm_token not found: not found
            """;

    @Test
    void aFailedRunStepGivesTheStepItsOutputAndTheExitCode() {
        BuildFailure failure = BuildFailure.explain(DOCKER_20_RUN_FAILED.lines().toList());

        assertEquals("[3/4] RUN echo \"compiling web1\" && echo \"src/index.js:3: SyntaxError: Unexpected token '}'\""
                + " >&2 && exit 3", failure.step());
        assertEquals(List.of("compiling web1", "src/index.js:3: SyntaxError: Unexpected token '}'"), failure.output());
        assertTrue(failure.error().endsWith("exit code: 3"), failure.error());
        assertEquals(4, failure.dockerfileLine(DOCKERFILE));
        assertEquals("""
                Docker build failed at [3/4] RUN echo "compiling web1" && echo "src/index.js:3: SyntaxError: \
                Unexpected token '}'" >&2 && exit 3: the command exited with code 3
                Last output of the step:
                  compiling web1
                  src/index.js:3: SyntaxError: Unexpected token '}'""", failure.message());
    }

    @Test
    void buildxOutputReadsTheSameAndTheStageNameIsKept() {
        BuildFailure failure = BuildFailure.explain(BUILDX_RUN_FAILED.lines().toList());

        assertEquals("[build 2/3] RUN npm ci", failure.step());
        assertEquals("RUN npm ci", failure.instruction());
        assertEquals(List.of("npm ERR! code E401",
                "npm ERR! Unable to authenticate, need: Basic realm=\"GitHub Package Registry\""), failure.output());
        assertEquals("process \"/bin/sh -c npm ci\" did not complete successfully: exit code: 1", failure.error());
        assertTrue(failure.message().startsWith("Docker build failed at [build 2/3] RUN npm ci: the command exited with"
                + " code 1\n"), failure.message());
        assertEquals(3, failure.dockerfileLine(List.of("FROM node:22 AS build", "WORKDIR /app", "RUN npm ci",
                "RUN npm run build")));
    }

    @Test
    void aSyntaxErrorHasNoStepAndIsExplainedByTheLastLine() {
        BuildFailure failure = BuildFailure.explain(DOCKER_20_SYNTAX_ERROR.lines().toList());

        assertNull(failure.step());
        assertTrue(failure.error().endsWith("dockerfile parse error line 2: unknown instruction: RUNN"));
        assertNull(failure.dockerfileLine(DOCKERFILE));
    }

    @Test
    void aMissingSecretNamesTheSecret() {
        BuildFailure failure = BuildFailure.explain(DOCKER_20_MISSING_SECRET.lines().toList());

        assertEquals("secret npm_token not found: not found", failure.error());
        assertTrue(failure.message().startsWith("Docker build failed at [4/4] RUN --mount=type=secret"));
    }

    @Test
    void keepsOnlyTheLastLinesOfALongStep() {
        List<String> lines = new ArrayList<>(List.of("#7 [2/2] RUN make"));
        for (int i = 1; i <= 50; i++) {
            lines.add("#7 " + i + ".000 line " + i);
        }
        lines.add("#7 ERROR: exit code: 2");
        BuildFailure failure = BuildFailure.explain(lines);

        assertEquals(BuildFailure.OUTPUT_LINES, failure.output().size());
        assertEquals("line 50", failure.output().getLast());
    }

    @Test
    void buildArgumentsExpandedInTheShownInstructionStillFindTheLine() {
        BuildFailure failure = BuildFailure.explain(List.of("#9 [3/3] RUN echo project=web1 && exit 1",
                "#9 ERROR: exit code: 1"));
        assertEquals(3, failure.dockerfileLine(List.of("FROM scratch", "RUN echo ok", "RUN echo project=$PROJECT"
                + " && exit 1")));
    }
}
