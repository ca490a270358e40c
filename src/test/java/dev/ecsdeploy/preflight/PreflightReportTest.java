package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.util.SourceDocument;
import org.junit.jupiter.api.Test;

/** Where a problem's ::error points: the key's line in the user's file, whatever shape the file has. */
class PreflightReportTest {
    private static final String DESCRIBED = """
            {
              "taskDefinition": {
                "family": "web",
                "containerDefinitions": [
                  {
                    "name": "app",
                    "portMappings": [
                      {"containerPort": 8080,
                       "hostPort": 80}
                    ]
                  }
                ]
              }
            }
            """;
    private static final String YAML = """
            family: web
            cpu: "256"
            memory: "4096"
            containerDefinitions:
              - name: app
                image: ghcr.io/acme/web:1
            """;

    @Test
    void aDescribeTaskDefinitionDumpPointsInsideItsWrapper() throws Exception {
        SourceDocument source = SourceDocument.parse(DESCRIBED, "described.json", false);

        BadInputException error = PreflightStep.report(Problem.at("containerDefinitions[0].portMappings[0].hostPort",
                "hostPort must equal the containerPort"), source);

        assertEquals(9, error.annotation().line());
        assertEquals("described.json", error.annotation().file());
        assertEquals("Invalid input task-definition", error.annotation().title());
        assertEquals("described.json: containerDefinitions[0].portMappings[0].hostPort: hostPort must equal the"
                + " containerPort", error.getMessage());
    }

    @Test
    void aMissingKeyPointsAtItsParentAndYamlHasLinesToo() throws Exception {
        SourceDocument source = SourceDocument.parse(YAML, "taskdef.yml", true);

        assertEquals(3, PreflightStep.report(Problem.at("memory", "too much"), source).annotation().line());
        assertEquals(5, PreflightStep.report(Problem.at("containerDefinitions[0].memory", "needs memory"), source)
                .annotation().line(), "the container, since it has no memory key");
        assertEquals(1, PreflightStep.report(Problem.at("executionRoleArn", "needed"), source).annotation().line(),
                "a missing top-level key: the document's first line");
    }

    @Test
    void aProblemFromAnInputOrWithoutAFileNamesNoLine() throws Exception {
        SourceDocument source = SourceDocument.parse(YAML, "taskdef.yml", true);

        BadInputException fromInput = PreflightStep.report(new Problem("image", "containerDefinitions[0].image",
                "Input image: has a space"), source);
        BadInputException noFile = PreflightStep.report(Problem.at("memory", "too much"), null);

        assertNull(fromInput.annotation().file());
        assertEquals("Invalid input image", fromInput.annotation().title());
        assertEquals("containerDefinitions[0].image: Input image: has a space", fromInput.getMessage());
        assertNull(noFile.annotation().line());
        assertEquals("memory: too much", noFile.getMessage());
    }
}
