package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTagsTest {
    @ParameterizedTest(name = "{0}, latest={1}, extra [{2}] -> {3}")
    @CsvSource(delimiter = '|', value = {
            "v1.4.2 | true  |                 | v1.4.2 latest",
            "v1.4.2 | false |                 | v1.4.2",
            "v1.4.2 | true  | stable sha-9f1c | v1.4.2 latest stable sha-9f1c",
            "v1.4.2 | true  | latest v1.4.2   | v1.4.2 latest",
            "v1.4.2 | false | latest          | v1.4.2 latest",
    })
    void versionFirstThenLatestThenExtrasWithoutRepeats(String version, boolean latest, String extra,
                                                        String expected) {
        List<String> extras = extra == null ? List.of() : List.of(extra.split(" "));
        assertEquals(List.of(expected.split(" ")), ImageTags.tags(version, latest, extras));
    }

    @ParameterizedTest(name = "tag {0}: {1}")
    @CsvSource({"v1.4.2, true", "latest, true", "1.0.0-rc.1_b7, true", "_x, true", ".hidden, false", "-x, false",
            "v1/2, false", "v1+build, false", "'', false"})
    void tagGrammar(String tag, boolean valid) {
        assertEquals(valid, ImageTags.isValidTag(tag));
    }

    @ParameterizedTest(name = "repository {0}: {1}")
    @CsvSource({"web, true", "shop/web1, true", "team.a/web-1_x, true", "Web, false", "web/, false", "/web, false",
            "web--1, false", "w, false", "web..x, false", "web:1, false"})
    void repositoryGrammar(String name, boolean valid) {
        assertEquals(valid, ImageTags.isValidRepository(name));
    }
}
