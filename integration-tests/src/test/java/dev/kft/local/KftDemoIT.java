package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's story as a test, run the way a user runs it: {@code bin/kft demo} (the script, its JDK
 * choice, the local invoke path, its own moto_server) in a process of its own. Each step of the
 * story (DemoScenario) checks its own expectations against the emulator and prints {@code ok} with its
 * facts, or {@code FAIL} with what it expected and saw; each printed step is one test here, failing
 * with those lines. A last test holds the end: every step done, moto_server stopped, exit code 0.
 */
@Order(1) // one of the longest classes: started first (junit-platform.properties)
class KftDemoIT {
    /** A step's line as Demo prints it: seconds since start, ok or FAIL, the step's title, its first fact. */
    private static final Pattern STEP = Pattern.compile("^ *\\d+\\.\\ds  (ok|FAIL)\\s+(\\S.*?)(?: {2,}(.*))?$");
    /** A step's further facts are indented under its first. */
    private static final String CONTINUATION = " ".repeat(45);
    private static final Pattern LAST_LINE = Pattern.compile("demo: all (\\d+) steps did what they should\\.");

    private record PrintedStep(String status, String title, List<String> lines) {}

    @TestFactory
    Stream<DynamicTest> everyStepOfBinKftDemoDoesWhatItShould(@TempDir Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("demo.out");
        Process demo = new ProcessBuilder("bin/kft", "demo").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!demo.waitFor(3, TimeUnit.MINUTES)) {
            demo.destroyForcibly();
            throw new AssertionError("bin/kft demo did not finish in 3 minutes:\n" + Files.readString(out));
        }
        String printed = Files.readString(out);
        List<String> lines = printed.lines().toList();
        List<PrintedStep> steps = steps(lines);

        List<DynamicTest> tests = new ArrayList<>();
        for (PrintedStep step : steps) {
            tests.add(DynamicTest.dynamicTest(step.title(), () ->
                    assertEquals("ok", step.status(), step.title() + ":\n" + String.join("\n", step.lines()))));
        }
        tests.add(DynamicTest.dynamicTest("the demo ends well", () -> {
            assertEquals(0, demo.exitValue(), printed);
            Matcher last = LAST_LINE.matcher(lines.isEmpty() ? "" : lines.getLast());
            assertTrue(last.matches(), "last line of:\n" + printed);
            assertEquals(steps.size(), Integer.parseInt(last.group(1)), "every step printed its line:\n" + printed);
            assertTrue(steps.size() >= 20, "the whole story, not a part of it:\n" + printed);
            assertTrue(lines.contains("moto_server stopped."), printed);
        }));
        return tests.stream();
    }

    private static List<PrintedStep> steps(List<String> lines) {
        List<PrintedStep> steps = new ArrayList<>();
        List<String> current = null;
        for (String line : lines) {
            Matcher step = STEP.matcher(line);
            if (step.matches()) {
                current = new ArrayList<>();
                if (step.group(3) != null) {
                    current.add(step.group(3));
                }
                steps.add(new PrintedStep(step.group(1), step.group(2), current));
            } else if (current != null && line.startsWith(CONTINUATION)) {
                current.add(line.strip());
            } else {
                current = null;
            }
        }
        return steps;
    }
}
