package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** The demo's timeline: a line per step, ok with its facts, FAIL with what was not as expected, then skips. */
class DemoTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Demo demo = new Demo(Path.of("."), Region.US_EAST_1, new PrintStream(printed, true, StandardCharsets.UTF_8));

    /** The printed lines without their elapsed-time column. */
    private List<String> timeline() {
        return printed.toString(StandardCharsets.UTF_8).lines().map(line -> line.substring(9).stripTrailing()).toList();
    }

    @Test
    void aStepWhoseExpectationsHoldIsOkWithItsFactsAndAnUnmetOneFailsTheRest() {
        Demo.Outcome outcome = demo.tell(List.of(
                new DemoScenario.Step("push", seen -> {
                    seen.expect("builds launched", 1, 1);
                    seen.fact("build b1 LAUNCHED");
                    seen.fact("kaniko arguments");
                }),
                new DemoScenario.Step("task running", seen -> {
                    seen.expect("ledger status", "RUNNING", "RUNNING");
                    seen.expect("ledger task version", "3", "2");
                    seen.fact("never shown: the step failed");
                }),
                new DemoScenario.Step("ledger", seen -> seen.fact("never run"))));

        assertEquals(new Demo.Outcome(1, "task running"), outcome);
        assertEquals(List.of(
                "ok    push                          build b1 LAUNCHED",
                "                                    kaniko arguments",
                "FAIL  task running                  ledger task version: expected 3, was 2",
                "skip  ledger                        an earlier step failed"), timeline());
    }

    @Test
    void aStepThatCannotActFailsWithWhy() {
        Demo.Outcome outcome = demo.tell(List.of(new DemoScenario.Step("emulator", seen -> {
            throw new IllegalStateException(MotoProcess.INSTALL_HINT);
        })));

        assertEquals(new Demo.Outcome(0, "emulator"), outcome);
        assertEquals(List.of("FAIL  emulator                      " + MotoProcess.INSTALL_HINT), timeline());
    }
}
