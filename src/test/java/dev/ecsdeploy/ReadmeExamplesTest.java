package dev.ecsdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.testing.DockerEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's workflow examples are the product's real interface: every key they pass the action must be an input it
 * declares, and every full workflow (and action.yml) must pass action-validator's schema check, so a renamed input or
 * a YAML slip cannot ship. Blocks are read as a reader meets them: whole workflows, {@code with:} fragments (indented,
 * as pasted under the step) and config files ({@code defaults} / {@code environments}).
 */
class ReadmeExamplesTest {
    private static final Path README = Path.of("README.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^```yaml\\n(.*?)^```");
    /** Installed by .ci/run; elsewhere the validation is skipped unless ECS_DEPLOY_REQUIRE_DOCKER=1 (CI). */
    static final Path VALIDATOR = Path.of(".ci/tools/node_modules/.bin/action-validator");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path temp;

    /** One ```yaml block of a markdown file, with the line it starts on. */
    record Block(int line, String text) {
        boolean isWorkflow() {
            return text.lines().anyMatch(l -> l.startsWith("jobs:"));
        }

        boolean isFragment() {
            return text.lines().filter(l -> !l.isBlank()).allMatch(l -> l.startsWith(" "));
        }
    }

    static List<Block> yamlBlocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = YAML_BLOCK.matcher(markdown);
        while (matcher.find()) {
            int line = (int) markdown.substring(0, matcher.start()).lines().count() + 2;
            blocks.add(new Block(line, matcher.group(1)));
        }
        return blocks;
    }

    /** Every key a block hands this action that is not one of its inputs, as "line N: key". */
    static List<String> unknownInputs(Block block) throws IOException {
        List<String> unknown = new ArrayList<>();
        JsonNode root = YAML.readTree(block.isFragment() ? block.text().stripIndent() : block.text());
        List<JsonNode> given = new ArrayList<>();
        if (block.isWorkflow()) {
            for (JsonNode job : iterable(root.path("jobs"))) {
                for (JsonNode step : job.path("steps")) {
                    if (step.path("uses").asText().contains("ecs-deploy-action")) {
                        given.add(step.path("with"));
                    }
                }
            }
        } else if (block.isFragment()) {
            given.add(root);
        } else if (root.has("defaults") || root.has("environments")) {
            given.add(root.path("defaults"));
            for (JsonNode environment : iterable(root.path("environments"))) {
                given.add(environment);
            }
        }
        for (JsonNode with : given) {
            with.fieldNames().forEachRemaining(key -> {
                if (Input.byName(key).isEmpty() && !(key.equals("branches") && !block.isWorkflow())) {
                    unknown.add("README.md line " + block.line() + ": " + key);
                }
            });
        }
        return unknown;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        node.elements().forEachRemaining(values::add);
        return values;
    }

    @Test
    void everyKeyTheReadmePassesTheActionIsAnInputItDeclares() throws IOException {
        List<Block> blocks = yamlBlocks(Files.readString(README));
        assertTrue(blocks.stream().filter(Block::isWorkflow).count() >= 2, "the README shows whole workflows");
        List<String> unknown = new ArrayList<>();
        for (Block block : blocks) {
            unknown.addAll(unknownInputs(block));
        }
        assertEquals(List.of(), unknown, "README examples pass inputs the action does not declare");
    }

    @Test
    void anExampleNamingAnInputThatDoesNotExistIsCaught() throws IOException {
        Block workflow = yamlBlocks(Files.readString(README)).stream().filter(Block::isWorkflow).findFirst()
                .orElseThrow();
        Block renamed = new Block(workflow.line(), workflow.text().replace("ecr-repository:", "ecr-repo:"));
        assertTrue(unknownInputs(renamed).stream().anyMatch(problem -> problem.endsWith(": ecr-repo")),
                unknownInputs(renamed).toString());
        Block fragment = new Block(7, "          cache-form: type=inline\n");
        assertEquals(List.of("README.md line 7: cache-form"), unknownInputs(fragment));
    }

    @Test
    void theReadmeWorkflowsAndActionYmlPassActionValidator() throws Exception {
        requireValidator();
        List<Path> files = new ArrayList<>(List.of(Path.of("action.yml").toAbsolutePath()));
        for (Block block : yamlBlocks(Files.readString(README))) {
            if (block.isWorkflow()) {
                Path workflow = temp.resolve("readme-line-" + block.line() + ".yml");
                Files.writeString(workflow, block.text());
                files.add(workflow);
            }
        }
        for (Path file : files) {
            DockerEngine.Exec result = DockerEngine.exec(List.of(VALIDATOR.toAbsolutePath().toString(),
                    file.toString()), null);
            assertEquals(0, result.exitCode(), file.getFileName() + ": " + result.output());
        }

        Path broken = temp.resolve("broken.yml");
        Files.writeString(broken, yamlBlocks(Files.readString(README)).stream().filter(Block::isWorkflow)
                .findFirst().orElseThrow().text().replace("runs-on:", "runs_on:"));
        DockerEngine.Exec result = DockerEngine.exec(List.of(VALIDATOR.toAbsolutePath().toString(),
                broken.toString()), null);
        assertFalse(result.exitCode() == 0, "the validator catches a slip: " + result.output());
    }

    private static void requireValidator() {
        if (Files.isExecutable(VALIDATOR)) {
            return;
        }
        String reason = "no action-validator at " + VALIDATOR + " (.ci/run installs it from npm)";
        if ("1".equals(System.getenv("ECS_DEPLOY_REQUIRE_DOCKER"))) {
            fail("ECS_DEPLOY_REQUIRE_DOCKER=1 (CI) but " + reason);
        }
        Assumptions.abort(reason);
    }
}
