package dev.ecsdeploy.github;

import dev.ecsdeploy.util.Annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

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
                " ::error::from a build script",
                "::error title=uses ***::failed with ***", ""), out.toString());
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
