package dev.ecsdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.testing.StackTraces;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** `demo` is a new user's first run: the whole pipeline against the in-process sandbox, ending in success. */
class DemoTest {
    @Test
    void theDemoDeploysTheExampleAppAndShowsWhatAWorkflowWouldShow() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exit = Demo.run(out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(0, exit, printed);
        StackTraces.assertNone(printed);
        assertTrue(printed.lines().noneMatch(line -> line.startsWith("::")), "a terminal gets plain text:\n" + printed);
        assertTrue(printed.contains("version=v1.4.2"), printed);
        assertTrue(printed.contains("deployment-status=SUCCESSFUL"), printed);
        assertTrue(printed.contains("task-definition-arn=arn:aws:ecs:us-east-1:123456789012:task-definition/web:2"),
                printed);
        assertTrue(printed.contains("== Job summary =="), printed);
        assertTrue(printed.contains("\"text\" : \"Deployed web v1.4.2\""), "Slack heard of the deployment:\n" + printed);
        assertTrue(!printed.contains("sandbox-secret-value"), "the demo secret's value is never printed");
    }
}
