package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job as a user runs it: {@code bin/kft demo}, the script itself (its JDK choice, its build of
 * the local tools, its own moto_server), in a process of its own. DemoScenarioIT asserts each step's
 * expectations in-process; this proves the command a user types prints the whole timeline and ends well.
 */
@Order(1) // one of the longest classes: started first, so the suite does not wait for it at the end
class KftDemoIT {
    private static final Pattern STEP_LINE = Pattern.compile("^ +\\d+\\.\\ds  (ok  |FAIL)  ");
    private static final Pattern LAST_LINE = Pattern.compile("demo: all (\\d+) steps did what they should\\.");

    @Test
    void binKftDemoPrintsEveryStepOkAndExitsZero(@TempDir Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("demo.out");
        Process demo = new ProcessBuilder("bin/kft", "demo")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!demo.waitFor(3, TimeUnit.MINUTES)) {
            demo.destroyForcibly();
            throw new AssertionError("bin/kft demo did not finish in 3 minutes:\n" + Files.readString(out));
        }
        String printed = Files.readString(out);
        List<String> lines = printed.lines().toList();
        assertEquals(0, demo.exitValue(), printed);

        List<String> steps = lines.stream().filter(line -> STEP_LINE.matcher(line).find()).toList();
        assertTrue(steps.stream().noneMatch(line -> line.contains(" FAIL ")), printed);
        Matcher last = LAST_LINE.matcher(lines.getLast());
        assertTrue(last.matches(), "last line: " + lines.getLast());
        assertEquals(steps.size(), Integer.parseInt(last.group(1)), "every step printed its line:\n" + printed);
        assertTrue(steps.size() >= 20, "the whole story, not a part of it:\n" + printed);
        assertTrue(lines.contains("moto_server stopped."), printed);
    }
}
