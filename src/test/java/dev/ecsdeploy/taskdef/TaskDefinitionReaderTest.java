package dev.ecsdeploy.taskdef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.util.SdkJson;
import dev.ecsdeploy.util.SourceDocument;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

class TaskDefinitionReaderTest {
    private static final Path FIXTURES = Path.of("test-fixtures/task-definitions");

    @Test
    void describeTaskDefinitionOutputReadsWithReadOnlyFieldsDroppedAndTheTypoReportedAtItsLine() throws Exception {
        SourceDocument document = SourceDocument.read(FIXTURES.resolve("web-described-with-typo.json"), "td.json");
        TaskDefinitionReader.Result result = TaskDefinitionReader.read(document.root());

        RegisterTaskDefinitionRequest request = result.request();
        assertEquals("web", request.family());
        assertEquals("256", request.cpu());
        assertEquals(false, request.enableFaultInjection(), "newer keys the API knows are kept");
        assertEquals("team", request.tags().getFirst().key(), "tags beside the wrapper are kept");
        assertEquals(8080, request.containerDefinitions().getFirst().portMappings().getFirst().containerPort());
        assertEquals(List.of("taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
                "registeredAt", "registeredBy"), result.droppedReadOnly());

        assertFalse(result.hasErrors());
        assertEquals(1, result.problems().size(), result.problems().toString());
        SdkJson.Problem typo = result.problems().getFirst();
        assertEquals("/taskDefinition/containerDefinitions/0/memoryReservaton", typo.pointer());
        assertTrue(typo.message().contains("Did you mean memoryReservation?"), typo.message());
        assertEquals(9, document.lineOf(typo.pointer()));
    }

    @Test
    void aWrongValueTypeIsAnErrorAtItsLine() throws Exception {
        SourceDocument document = SourceDocument.read(FIXTURES.resolve("wrong-type.yml"), "wrong-type.yml");
        TaskDefinitionReader.Result result = TaskDefinitionReader.read(document.root());

        assertTrue(result.hasErrors());
        SdkJson.Problem error = result.problems().getFirst();
        assertEquals("\"containerPort\" must be a whole number, not the text \"eighty\".", error.message());
        assertEquals(12, document.lineOf(error.pointer()));
        assertEquals("256", result.request().cpu(), "a number for a text member is taken as text");
    }

    @Test
    void aRegisteredRevisionRoundTripsToTheSameRequest() throws Exception {
        SourceDocument document = SourceDocument.read(FIXTURES.resolve("web-described-with-typo.json"), "td.json");
        RegisterTaskDefinitionRequest request = TaskDefinitionReader.read(document.root()).request();
        String json = SdkJson.write(request).toString();
        RegisterTaskDefinitionRequest again = TaskDefinitionReader.read(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)).request();
        assertEquals(request, again);
    }
}
