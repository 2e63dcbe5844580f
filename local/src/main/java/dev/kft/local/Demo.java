package dev.kft.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/**
 * {@code bin/kft demo}: the demo's story ({@link DemoScenario}) on a fresh moto_server, printed as a
 * timeline: each step's facts when it did what it should, its unmet expectations when it did not.
 * Every function runs through the local invoke path with stack-up's environment, its logs in
 * {@code target/kft/demo-functions.log}. The demo succeeds only if every step did what it should;
 * moto_server is stopped in every case.
 */
public final class Demo {
    private final Path home;
    private final Region region;
    private final PrintStream out;
    private final Instant start = Instant.now();
    private MotoProcess moto;

    /** @param home the project directory (template.yaml, events/, target/) */
    public Demo(Path home, Region region, PrintStream out) {
        this.home = home;
        this.region = region;
        this.out = out;
    }

    /** Runs the story; true when every step did what it should. moto_server is stopped in every case. */
    public boolean run() throws IOException {
        Path functionLog = home.resolve("target/kft/demo-functions.log");
        Files.createDirectories(functionLog.getParent());
        out.println("kft demo: push -> build -> result -> scan gate, on a local AWS emulator (no Docker, no AWS account)");
        out.println();
        Outcome outcome = new Outcome(0, null);
        try (OutputStream logFile = Files.newOutputStream(functionLog);
             PrintStream logs = new PrintStream(logFile, true, StandardCharsets.UTF_8)) {
            Template template = Template.load(home.resolve("template.yaml"));
            DemoScenario.Functions localInvoke = (aws, functionId, event, envVars) ->
                    new LocalInvoke(template, aws, logs).invoke(functionId, event, envVars);
            try (DemoScenario scenario = new DemoScenario(home, region, StackUp.DEFAULT_STACK_NAME, this::startEmulator, localInvoke)) {
                outcome = tell(scenario.steps());
            }
        } finally {
            if (moto != null) {
                moto.close();
                out.println();
                out.println("moto_server stopped.");
            }
        }
        out.println("function logs: " + home.relativize(functionLog));
        out.println(outcome.failed() == null
                ? "demo: all " + outcome.done() + " steps did what they should."
                : "demo FAILED at \"" + outcome.failed() + "\" (" + outcome.done() + " steps done before it).");
        return outcome.failed() == null;
    }

    /** How the story went: the steps that did what they should, and the one that did not (null when none). */
    record Outcome(int done, String failed) {}

    /** Runs the steps in order, a timeline line each; once one fails, the rest are skipped (they rely on it). */
    Outcome tell(List<DemoScenario.Step> steps) {
        int done = 0;
        String failed = null;
        for (DemoScenario.Step step : steps) {
            if (failed != null) {
                line("skip", step.title(), List.of("an earlier step failed"));
            } else if (print(step)) {
                done++;
            } else {
                failed = step.title();
            }
        }
        return new Outcome(done, failed);
    }

    private URI startEmulator() throws IOException, InterruptedException {
        moto = MotoProcess.start();
        return moto.endpoint();
    }

    /** Runs the step and prints its line: ok and its facts, or FAIL and why; true when it did what it should. */
    private boolean print(DemoScenario.Step step) {
        try {
            DemoScenario.Observation seen = step.observe();
            if (seen.unmet().isEmpty()) {
                line("ok", step.title(), seen.facts());
                return true;
            }
            line("FAIL", step.title(), seen.unmet().stream().map(DemoScenario.Expectation::toString).toList());
        } catch (IllegalStateException e) {
            // A missing tool (moto_server) or a function that threw: the message says it all.
            line("FAIL", step.title(), List.of(String.valueOf(e.getMessage())));
        } catch (Exception e) {
            line("FAIL", step.title(), List.of(e.toString()));
        }
        return false;
    }

    private void line(String status, String title, List<String> lines) {
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        String indent = " ".repeat(45);
        out.printf("%6.1fs  %-4s  %-28s  %s%n", seconds, status, title, lines.isEmpty() ? "" : lines.get(0));
        lines.stream().skip(1).forEach(l -> out.println(indent + l));
    }
}
