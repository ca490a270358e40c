package dev.ecsdeploy.github;

import dev.ecsdeploy.util.Annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkflowCommandsTest {
    @Test
    void annotationsEscapeDataAndPropertiesAsTheRunnerExpects() {
        assertEquals("::error file=apps/web1/package.json,line=3,title=Invalid input version-file%3A bad%2C really"
                        + "::100%25 wrong%0Anext line%0D",
                WorkflowCommands.annotation("error",
                        new Annotation("apps/web1/package.json", 3, "Invalid input version-file: bad, really"),
                        "100% wrong\nnext line\r"));
    }

    @Test
    void emptyPropertiesAreLeftOut() {
        assertEquals("::warning::careful", WorkflowCommands.annotation("warning", Annotation.at(null, null), "careful"));
    }

    @Test
    void theLogMasksSecretsAndNeutralisesForeignCommands() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ActionLog log = new ActionLog(new PrintStream(out, true), new Masker(), true, false);
        log.mask("s3cr3t-value");
        log.info("token=s3cr3t-value\n::error::from a build script");
        log.error("failed with s3cr3t-value", Annotation.titled("uses s3cr3t-value"));

        assertEquals(String.join(System.lineSeparator(),
                "::add-mask::s3cr3t-value",
                "token=***",
                "> ::error::from a build script",
                "::error title=uses ***::failed with ***", ""), out.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a command line                 | ::warning title=x::INJECTED      | > ::warning title=x::INJECTED",
            "spaces in front                | '   ::add-mask::INJECTED'       | '>    ::add-mask::INJECTED'",
            "plain text                     | Step 3/7 : RUN npm ci            | Step 3/7 : RUN npm ci",
            "colons later in the line       | a::b::c                          | a::b::c",
            "the legacy form mid-line       | build ##[warning]INJECTED        | build ## [warning]INJECTED",
            "the legacy form twice          | ##[error]a ##[set-env name=x]b   | ## [error]a ## [set-env name=x]b",
    })
    void foreignLinesCannotCommandTheRunner(String why, String line, String expected) {
        assertEquals(expected, WorkflowCommands.neutralise(line), why);
    }

    @Test
    void whitespaceTheRunnerTrimsIsSeenThrough() {
        // .NET's TrimStart removes tabs, no-break and other Unicode spaces before the runner looks for "::".
        for (String space : new String[] {"\t", "\u00A0", "\u2003", "\u3000", "\u000B", "\u0085", "\u2028"}) {
            String neutralised = WorkflowCommands.neutralise(space + "::warning::INJECTED");
            assertEquals("> " + space + "::warning::INJECTED", neutralised, "U+" + Integer.toHexString(space.charAt(0)));
        }
    }

    @Test
    void theActionsOwnCommandsCarryNoLegacyCommandInTheirData() {
        assertEquals("::error title=## [x]::## [warning]y%0A::warning::z",
                WorkflowCommands.annotation("error", Annotation.titled("##[x]"), "##[warning]y\n::warning::z"));
    }

    @Test
    void onATerminalGroupsAreHeadingsAndAnnotationsArePlainLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ActionLog log = new ActionLog(new PrintStream(out, true), new Masker(), false, false);
        try (ActionLog.Group ignored = log.group("Render task definition")) {
            log.info("::warning::relayed");
        }
        log.error("The version is not valid.\nFix package.json.", new Annotation("package.json", 3, "Invalid input"));
        log.warning("careful");
        log.debug("not shown without RUNNER_DEBUG");

        assertEquals(String.join(System.lineSeparator(),
                "== Render task definition ==",
                "> ::warning::relayed",
                "",
                "error: Invalid input (package.json:3)",
                "  The version is not valid.",
                "  Fix package.json.",
                "warning: careful", ""), out.toString());
    }

    @Test
    void outsideActionsTheMaskIsNotPrinted() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ActionLog log = new ActionLog(new PrintStream(out, true), new Masker(), false, false);
        log.mask("s3cr3t-value");
        log.info("s3cr3t-value");
        assertEquals("***" + System.lineSeparator(), out.toString());
    }
}
