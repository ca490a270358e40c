package dev.ecsdeploy.image.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code .dockerignore} matching as the Docker CLI does it. Most cases are the examples of Docker's documentation
 * ("Dockerfile reference", .dockerignore file); the rest pin moby's patternmatcher where the documentation is silent.
 */
class IgnorePatternsTest {

    /** patterns (lines joined with {@code ;}), path, excluded? */
    @ParameterizedTest(name = "[{0}] {1} -> excluded {2}")
    @CsvSource(delimiter = '|', value = {
            // The documentation's example file: "# comment", "*/temp*", "*/*/temp*", "temp?"
            "# comment;*/temp*;*/*/temp*;temp?   | somedir/temporary.txt  | true",
            "# comment;*/temp*;*/*/temp*;temp?   | somedir/temp           | true",
            "# comment;*/temp*;*/*/temp*;temp?   | somedir/subdir/temp.db | true",
            "# comment;*/temp*;*/*/temp*;temp?   | tempa                  | true",
            "# comment;*/temp*;*/*/temp*;temp?   | tempb                  | true",
            "# comment;*/temp*;*/*/temp*;temp?   | temp                   | false",
            "# comment;*/temp*;*/*/temp*;temp?   | tempab                 | false",
            "# comment;*/temp*;*/*/temp*;temp?   | temporary.txt          | false",
            "# comment;*/temp*;*/*/temp*;temp?   | a/b/c/temp             | false",
            "# comment;*/temp*;*/*/temp*;temp?   | comment                | false",
            // "**" matches any number of directories, none included
            "**/*.go                             | main.go                | true",
            "**/*.go                             | cmd/tool/main.go       | true",
            "**/*.go                             | main.gox               | false",
            "vendor/**                           | vendor/a/b.go          | true",
            "vendor/**                           | vendor                 | false",
            "a/**/b                              | a/b                    | true",
            "a/**/b                              | a/x/y/b                | true",
            "a/**/b                              | a/x/yb                 | false",
            // exceptions; the last matching line wins
            "*.md;!README.md                     | README.md              | false",
            "*.md;!README.md                     | CHANGES.md             | true",
            "*.md;!README*.md;README-secret.md   | README-secret.md       | true",
            "*.md;!README*.md;README-secret.md   | README-public.md       | false",
            "*.md;README-secret.md;!README*.md   | README-secret.md       | false",
            // a pattern matching a directory excludes what is under it
            "node_modules                        | node_modules/x/index.js | true",
            "node_modules                        | src/node_modules/x.js  | false",
            "**/node_modules                     | src/node_modules/x.js  | true",
            "docs;!docs/keep.md                  | docs/keep.md           | false",
            "docs;!docs/keep.md                  | docs/other.md          | true",
            // each pattern cleaned as a path; a leading / dropped
            "/secret.txt                         | secret.txt             | true",
            "./build/                            | build/out.o            | true",
            "build//x/../out                     | build/out              | true",
            "'  spaced.txt  '                    | spaced.txt             | true",
            // a line is a comment only when # is its first character
            "' #not-a-comment'                   | '#not-a-comment'       | true",
            // * and ? stop at /
            "*.txt                               | dir/a.txt              | false",
            "?.txt                               | a.txt                  | true",
            "?.txt                               | ab.txt                 | false",
            // classes and escapes
            "[a-c].txt                           | b.txt                  | true",
            "[a-c].txt                           | d.txt                  | false",
            "[^a].txt                            | b.txt                  | true",
            "[^a].txt                            | a.txt                  | false",
            "\\*.txt                             | *.txt                  | true",
            "\\*.txt                             | a.txt                  | false",
            "[\\]].txt                           | ].txt                  | true",
            // regular-expression characters are literal
            "a.b(1)+{2}^$                        | a.b(1)+{2}^$           | true",
            "a.b                                 | axb                    | false",
            "über/*                              | über/x                 | true",
    })
    void matchesAsTheCliDoes(String patterns, String path, boolean excluded) {
        assertEquals(excluded, IgnorePatterns.parse(patterns.replace(';', '\n')).excludes(path));
    }

    @Test
    void noPatternsExcludeNothing() {
        assertFalse(IgnorePatterns.parse("").excludes("anything"));
        assertFalse(IgnorePatterns.parse("\n# only a comment\n\n").excludes("anything"));
        assertFalse(IgnorePatterns.parse(".").excludes("anything"));
    }

    @Test
    void aByteOrderMarkOnTheFirstLineIsNotPartOfThePattern() {
        assertTrue(IgnorePatterns.parse("\uFEFFsecret.txt\r\nother.txt").excludes("secret.txt"));
        assertTrue(IgnorePatterns.parse("\uFEFFsecret.txt\r\nother.txt").excludes("other.txt"));
    }

    @Test
    void anExcludedDirectoryIsWalkedOnlyWhenAnExceptionStartsWithItsPath() {
        IgnorePatterns patterns = IgnorePatterns.parse("docs\n!docs/keep.md\nnode_modules\n!**/keep.js");
        assertTrue(patterns.hasExceptions());
        assertTrue(patterns.mayIncludeUnder("docs"));
        // The CLI's own limit: an exception starting with ** does not reach into an excluded directory.
        assertFalse(patterns.mayIncludeUnder("node_modules"));
        assertFalse(IgnorePatterns.parse("docs").hasExceptions());
    }

    @Test
    void addedExceptionsComeLastSoTheyWin() {
        IgnorePatterns patterns = IgnorePatterns.parse("*\n").with("!Dockerfile", "!.dockerignore");
        assertFalse(patterns.excludes("Dockerfile"));
        assertFalse(patterns.excludes(".dockerignore"));
        assertTrue(patterns.excludes("src"));
    }

    /** Patterns the CLI refuses (Go's filepath.Match grammar), with the line they are on. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ok;!            | 2",
            "[               | 1",
            "ok;ok;[a-       | 3",
            "[]a]            | 1",
            "[-a]            | 1",
            "[a-]            | 1",
            "trailing\\      | 1",
    })
    void badPatternsAreRefusedWithTheirLine(String patterns, int line) {
        IgnorePatterns.BadPatternException bad = assertThrows(IgnorePatterns.BadPatternException.class,
                () -> IgnorePatterns.parse(patterns.replace(';', '\n')));
        assertEquals(line, bad.line());
    }

    @ParameterizedTest
    @CsvSource({"a/./b, a/b", "a//b/, a/b", "a/../../b, ../b", "/../a, /a", "./, .", "/, /"})
    void pathsAreCleanedAsGoCleansThem(String path, String cleaned) {
        assertEquals(cleaned, IgnorePatterns.clean(path));
    }

    @Test
    void rulesKeepTheirLineForMessages() {
        List<IgnorePatterns.Rule> rules = IgnorePatterns.parse("# c\n\n*.log\n!keep.log").rules();
        assertEquals(List.of(3, 4), rules.stream().map(IgnorePatterns.Rule::line).toList());
        assertEquals(List.of("*.log", "keep.log"), rules.stream().map(IgnorePatterns.Rule::pattern).toList());
    }
}
