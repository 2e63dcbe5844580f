package dev.kft.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** cfn-lint (with the SAM translator) must report nothing on template.yaml. */
class TemplateLintIT {
    @Test
    void cfnLintReportsNothing() throws Exception {
        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint", "template.yaml").redirectErrorStream(true).start();
        } catch (IOException missing) {
            fail("cfn-lint was not found on PATH: install it with `pip install cfn-lint` (1.x, it bundles the SAM translator).");
            return;
        }
        if (!lint.waitFor(120, TimeUnit.SECONDS)) {
            lint.destroyForcibly();
            fail("cfn-lint did not finish within 120 s");
        }
        String report = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("", report.trim(), "cfn-lint findings");
        assertEquals(0, lint.exitValue());
    }
}
