package dev.kft.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.testing.ChildJvm;
import dev.kft.core.Json;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleCommits;
import dev.kft.testing.SampleEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code bin/kft invoke} against a stack-up'd moto_server, in JVMs of its own (handlers wire
 * themselves once per JVM, as on Lambda): every file in events/ through Kft's command line in one
 * JVM (they share one env-vars file), and the process's own exit codes through its {@code main}.
 * The three tests start their JVMs at the same time. Pushes read CodeCommit: the JVMs get
 * {@code AWS_ENDPOINT_URL_CODECOMMIT} of a local CodeCommit serving a git repository whose commits
 * stand in for the push events' commit ids, as {@code bin/kft codecommit} would in a shell (the SDK
 * reads the variable from the process environment itself).
 */
@ExtendWith(MotoExtension.class)
@Execution(ExecutionMode.CONCURRENT)
class LocalInvokeIT {
    /** Sample event file name prefix → the function it is for. A new prefix needs a line here. */
    private static final Map<String, String> FUNCTION_BY_PREFIX = Map.of(
            "push-", "PushFunction",
            "task-", "TaskStateFunction",
            "scan-", "ScanGateFunction");

    private record Run(int exit, String out, String err) {}

    /** {@code bin/kft <args>}: {@link Kft#main} in a new JVM; its output goes through files in {@code dir}. */
    private static Run kft(MotoServer moto, LocalCodeCommit codeCommit, Path dir, String... args) throws IOException, InterruptedException {
        Path out = dir.resolve("kft.out");
        Path err = dir.resolve("kft.err");
        return new Run(exitOf(java(moto, codeCommit, Kft.class, out, err, List.of(args))), Files.readString(out), Files.readString(err));
    }

    /** A local CodeCommit serving {@code git} as payments-api, the sample events' repository; this JVM's SDK settings untouched. */
    private static LocalCodeCommit codeCommit(GitRepository git) {
        return LocalCodeCommit.serve(Map.of("payments-api", git), 0, LocalCodeCommit.DEFAULT_DIFFERENCES_PAGE);
    }

    private static Process java(MotoServer moto, LocalCodeCommit codeCommit, Class<?> main, Path out, Path err, List<String> args)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of(), main.getName(), args));
        Map<String, String> env = builder.environment();
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_CODECOMMIT", codeCommit.endpoint().toString());
        env.put("AWS_REGION", MotoServer.REGION.id());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        return builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** The process's exit code, once it ends (at most a minute). */
    private static int exitOf(Process process) throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(process.info().commandLine().orElse("java") + " did not finish in 60 s");
        }
        return process.exitValue();
    }

    private static Path envVarsFile(MotoStack stack, Path dir, Map<String, String> pushOverrides) throws IOException {
        Map<String, Map<String, String>> envVars = new HashMap<>(stack.stack.envVars());
        Map<String, String> push = new HashMap<>(envVars.get("PushFunction"));
        push.putAll(pushOverrides);
        envVars.put("PushFunction", push);
        return Files.writeString(dir.resolve("env.json"), EnvVarsFile.write(envVars));
    }

    static String functionFor(String eventFile) {
        return FUNCTION_BY_PREFIX.entrySet().stream().filter(e -> eventFile.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("events/" + eventFile
                        + ": name it after its function (" + FUNCTION_BY_PREFIX.keySet() + ") or add its prefix here"));
    }

    @Test
    void everySampleEventInvokesItsFunctionAndPrintsAJsonResult(MotoServer moto, @TempDir Path dir) throws Exception {
        MotoStack stack = MotoStack.create(moto);
        Path envVars = envVarsFile(stack, dir, Map.of());
        List<String> files = SampleEvents.named("");
        assertFalse(files.isEmpty());
        // The push events name their commits of a real repository; the others are passed as they are.
        SampleCommits samples = new SampleCommits(GitRepository.init(dir.resolve("payments-api")));
        Path events = Files.createDirectories(dir.resolve("events"));
        List<String> args = new ArrayList<>(List.of(envVars.toString(), dir.toString()));
        for (String file : files) {
            // The tag names a commit of its own: on push-branch.json's commit it would find that build's launch
            // under way (no task event here records its task) and be retried, as Lambda would, not answered.
            String push = file.equals("push-tag.json")
                    ? samples.adapt(SampleEvents.text(file).replace("4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f", "7".repeat(40)))
                    : file.startsWith("push-") ? samples.event(file) : null;
            Path event = push != null ? Files.writeString(events.resolve(file), push) : Path.of("events", file);
            args.addAll(List.of(functionFor(file), event.toString()));
        }

        int exit;
        List<String> codeCommitCalls;
        try (LocalCodeCommit codeCommit = codeCommit(samples.git())) {
            exit = exitOf(java(moto, codeCommit, KftInvokeEach.class, dir.resolve("each.out"), dir.resolve("each.err"), args));
            codeCommitCalls = codeCommit.calls();
        }

        assertEquals(0, exit, Files.readString(dir.resolve("each.err")));
        // The invokes reached the local CodeCommit through AWS_ENDPOINT_URL_CODECOMMIT, not moto (which has no GetCommit).
        assertTrue(codeCommitCalls.containsAll(List.of("GetCommit", "GetFile")), codeCommitCalls.toString());
        for (String file : files) {
            String out = Files.readString(dir.resolve(file + ".out"));
            assertEquals("0", Files.readString(dir.resolve(file + ".exit")), file + ": " + Files.readString(dir.resolve(file + ".err")));
            assertFalse(Json.parseObject(out).isEmpty(), file + ": " + out);
        }
        // The builds went to the stack the env-vars file names, not to the template's placeholders.
        assertFalse(stack.ecs.listTasks(r -> r.cluster(stack.cluster)).taskArns().isEmpty());
    }

    @Test
    void aHandlerThatThrowsExitsNonZeroWithLambdasErrorShape(MotoServer moto, @TempDir Path dir) throws Exception {
        MotoStack stack = MotoStack.create(moto);
        Path envVars = envVarsFile(stack, dir, Map.of("TASK_DEFINITION", "no-such-family"));
        SampleCommits samples = new SampleCommits(GitRepository.init(dir.resolve("payments-api")));
        Path event = Files.writeString(dir.resolve("push-branch.json"), samples.event("push-branch.json"));
        Run run;
        try (LocalCodeCommit codeCommit = codeCommit(samples.git())) {
            run = kft(moto, codeCommit, dir, "invoke", "PushFunction", "-e", event.toString(), "-n", envVars.toString());
        }

        assertEquals(Kft.FAILED, run.exit(), run.err());
        assertEquals("dev.kft.functions.push.PushHandler$BuildLaunchException", Json.parseObject(run.out()).get("errorType"));
        assertTrue(run.err().contains("kft invoke: PushFunction failed"), run.err());
    }

    @Test
    void aMalformedEventFileExitsNonZeroWithOneLineNamingIt(MotoServer moto, @TempDir Path dir) throws Exception {
        Path event = Files.writeString(dir.resolve("push-broken.json"), "{\"detail-type\": \"CodeCommit Repository State Change\",,}",
                StandardCharsets.UTF_8);
        Run run;
        try (LocalCodeCommit codeCommit = codeCommit(GitRepository.init(dir.resolve("payments-api")))) {
            run = kft(moto, codeCommit, dir, "invoke", "PushFunction", "-e", event.toString());
        }

        assertEquals(Kft.USAGE, run.exit());
        assertEquals("", run.out());
        List<String> lines = run.err().strip().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("kft invoke: " + event + ": not valid JSON"), lines.get(0));
    }
}
