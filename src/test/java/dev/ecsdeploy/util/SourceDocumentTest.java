package dev.ecsdeploy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SourceDocumentTest {
    /** Text, YAML or not, the words the error must hold, the line it must point at. */
    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("{\n  \"family\": \"web\",\n  \"family\": \"evil\"\n}", false,
                        "the key \"family\" is given twice in one mapping, at line 2 and at line 3", 3),
                Arguments.of("{\"containerDefinitions\": [{\"name\": \"a\",\n \"name\": \"b\"}]}", false,
                        "\"name\" is given twice in one mapping, at line 1 and at line 2", 2),
                Arguments.of("family: web\ncpu: 256\nfamily: evil\n", true,
                        "the key \"family\" is given twice in one mapping, at line 1 and at line 3", 3),
                Arguments.of("family: web\ntaskRoleArn: *role\n", true,
                        "the alias *role at line 2 has no anchor &role before it", 2),
                Arguments.of("a: &x [1, *x]\n", true, "is inside its own anchor &x", 1),
                Arguments.of("a: 1\n---\nb: 2\n", true, "more content after the first document at line 3", 3),
                Arguments.of("{\"a\": 1} {\"b\": 2}", false, "more content after the end of the value", 1),
                Arguments.of("base: 1\nmerged:\n  <<: [1, 2]\n", true, "the merge key << at line 3 must hold a mapping",
                        3),
                Arguments.of("", false, "is empty", 1),
                Arguments.of("# only a comment\n", true, "is empty", 1),
                Arguments.of("{\n  \"family\": \"web\",\n  \"token\": ghp_abc123secret\n}", false,
                        "is not valid JSON at line 3, column", 3),
                Arguments.of("family: web\n  bad: indent: here\n", true, "is not valid YAML at line 2, column", 2));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWhatWouldMislead(String text, boolean yaml, String expected, int line) {
        SourceDocument.SyntaxException error = assertThrows(SourceDocument.SyntaxException.class,
                () -> SourceDocument.parse(text, "td.json", yaml));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertEquals(line, error.line(), error.getMessage());
    }

    @Test
    void aParseErrorNeverEchoesTheFilesText() {
        String[] texts = {
            "{\"token\": ghp_abc123secret}",
            "{\"token\": \"ghp_abc123secret\" \"x\"}",
            "{\"token\": 'ghp_abc123secret'}",
        };
        for (String text : texts) {
            SourceDocument.SyntaxException error = assertThrows(SourceDocument.SyntaxException.class,
                    () -> SourceDocument.parse(text, "td.json", false));
            assertFalse(error.getMessage().contains("ghp_"), error.getMessage());
            assertFalse(error.getMessage().contains("abc123"), error.getMessage());
        }
        SourceDocument.SyntaxException yaml = assertThrows(SourceDocument.SyntaxException.class,
                () -> SourceDocument.parse("token: ghp_abc123secret: x\n  - y\n", "c.yml", true));
        assertFalse(yaml.getMessage().contains("ghp_"), yaml.getMessage());
    }

    @Test
    void aliasesAndMergeKeysMeanWhatYamlSays() throws Exception {
        SourceDocument document = SourceDocument.parse("""
                roles:
                  task: &role arn:aws:iam::123456789012:role/web
                family: web
                taskRoleArn: *role
                base: &base
                  image: nginx
                  essential: true
                containerDefinitions:
                  - <<: *base
                    name: web
                    essential: false
                """, "td.yaml", true);
        JsonNode root = document.root();
        assertEquals("arn:aws:iam::123456789012:role/web", root.path("taskRoleArn").asText());
        JsonNode container = root.path("containerDefinitions").path(0);
        assertEquals("nginx", container.path("image").asText(), "merged from the anchor");
        assertFalse(container.path("essential").asBoolean(), "a key written in the mapping wins over a merged one");
        assertFalse(container.has("<<"), "the merge key itself is not a key");
        assertEquals(4, document.lineOf("/taskRoleArn"));
        assertEquals(9, document.lineOf("/containerDefinitions/0/image"), "a merged key points at the << line");
    }

    @Test
    void tooManyAliasesToCollectionsAreRefusedAsSnakeYamlWould() {
        StringBuilder yaml = new StringBuilder("a: &a [x, y]\nb: [");
        for (int i = 0; i <= SourceDocument.MAX_ALIASES_FOR_COLLECTIONS; i++) {
            yaml.append(i == 0 ? "" : ", ").append("*a");
        }
        yaml.append("]\n");
        SourceDocument.SyntaxException error = assertThrows(SourceDocument.SyntaxException.class,
                () -> SourceDocument.parse(yaml.toString(), "td.yaml", true));
        assertTrue(error.getMessage().contains("more than 50 aliases"), error.getMessage());
    }

    @Test
    void linesOfKeysAndValuesAndOfNodesInsideAnAlias() throws Exception {
        SourceDocument document = SourceDocument.parse("""
                {
                  "family": "web",
                  "containerDefinitions": [
                    {
                      "name": "web",
                      "memoryReservaton": 128
                    }
                  ]
                }
                """, "td.json", false);
        assertEquals(2, document.lineOf("/family"));
        assertEquals(6, document.lineOf("/containerDefinitions/0/memoryReservaton"));
        assertEquals(4, document.lineOf("/containerDefinitions/0/nope"), "an unknown pointer: its nearest parent");
        SourceDocument yaml = SourceDocument.parse("env: &env\n  - {name: A, value: b}\nother: *env\n", "t.yml", true);
        assertEquals(3, yaml.lineOf("/other/0/name"), "inside an alias: the alias's line");
    }

    @Test
    void numbersBooleansAndNullsKeepTheirTypes() throws Exception {
        JsonNode root = SourceDocument.parse("{\"cpu\": 256, \"big\": 9223372036854775808, \"f\": 0.5,"
                + " \"t\": true, \"n\": null}", "td.json", false).root();
        assertTrue(root.path("cpu").isInt());
        assertTrue(root.path("big").isBigInteger());
        assertTrue(root.path("f").isDouble());
        assertTrue(root.path("t").isBoolean());
        assertTrue(root.path("n").isNull());
    }
}
