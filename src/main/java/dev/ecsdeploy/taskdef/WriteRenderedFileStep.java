package dev.ecsdeploy.taskdef;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.util.SdkJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code render}: writes the rendered task definition as RegisterTaskDefinition JSON (what
 * {@code aws ecs register-task-definition --cli-input-json} takes) to a file and the log.
 */
public final class WriteRenderedFileStep implements Step {
    static final String DEFAULT_NAME = "task-definition.rendered.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String name() {
        return "write rendered task definition";
    }

    @Override
    public void plan(RunContext context) throws IOException {
        String json = JSON.writeValueAsString(SdkJson.write(context.state().require(TaskDefinitionResults.RENDERED)));
        Path file = target(context);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, json + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the rendered task definition to " + file, e);
        }
        context.log().info(json);
        context.log().info("Wrote " + file + ".");
        context.outputs().set(ActionOutput.TASK_DEFINITION_FILE, file.toString());
    }

    private static Path target(RunContext context) {
        Path chosen = context.inputs().path(Input.RENDERED_FILE);
        if (chosen != null) {
            return chosen;
        }
        String runnerTemp = context.env().get("RUNNER_TEMP");
        return runnerTemp == null || runnerTemp.isBlank() ? Path.of(DEFAULT_NAME).toAbsolutePath()
                : Path.of(runnerTemp, DEFAULT_NAME);
    }
}
