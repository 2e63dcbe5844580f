package dev.kft.bench;

import dev.kft.core.Json;
import dev.kft.local.Template;
import dev.kft.local.LocalCodeCommit;
import dev.kft.testing.FaultProxy;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;

/**
 * {@code make bench}: PushFunction measured against the goals ("Lean and fast"), with a
 * Python/boto3 equivalent ({@code bench/baseline.py}) as the cold-start baseline in the same run.
 *
 * <p>Builds each function's artifact as {@code sam build} does, starts its own moto_server and
 * stack, and puts a counting {@link FaultProxy} between every measured process and moto: cold start
 * ends when the first RunTask request reaches the proxy (not a clock inside the process), and AWS
 * calls are counted there. PushFunction reads each pushed commit from CodeCommit, which moto does not
 * serve: a {@link LocalCodeCommit} serves a real git repository as payments-api ({@link BenchCommits}
 * makes a commit per push), behind a second counting proxy whose calls are added to the figures.
 * Prints one table and writes {@code target/bench/results.json}.
 *
 * <p>Settings (system properties, set by the Makefile): {@code bench.rounds} cold-start rounds (5),
 * {@code bench.warm} warm invocations (2000), {@code bench.burst} pushes in the burst (1000, each
 * delivered twice), {@code bench.concurrency} (8), {@code bench.jvmFlags} the function JVM's flags.
 */
public final class Bench {
    /**
     * The java21 runtime's JIT and GC choices: tiered compilation stopped at C1 and the serial GC
     * (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html). Lambda's exact launch
     * line (heap sizing, its runtime client) is not public; these are the documented parts. The
     * memory the JVM sizes its heap from is added by {@link #lambdaJvmFlags}.
     */
    static final String LAMBDA_JVM_FLAGS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    static final Duration CHILD_TIMEOUT = Duration.ofMinutes(2);
    static final String[] FUNCTIONS = {"PushFunction", "TaskStateFunction", "ScanGateFunction"};

    private final Path project = Path.of("").toAbsolutePath();
    private final Path out = project.resolve("target/bench");
    private final Path sampleEvent = project.resolve("events/push-branch.json");
    private final int rounds = Integer.getInteger("bench.rounds", 5);
    private final int warmInvocations = Integer.getInteger("bench.warm", 2000);
    private final int burstPushes = Integer.getInteger("bench.burst", 1000);
    private final int concurrency = Integer.getInteger("bench.concurrency", 8);
    private final List<String> jvmFlags = List.of(System.getProperty("bench.jvmFlags", lambdaJvmFlags(project)).trim().split("\\s+"));
    /*
     * For measuring levers with the same instrument, cold start only: classpath entries put before the
     * artifact's jars (a patched class, an HTTP client), a directory of jars replacing the artifact's
     * lib/ (another SDK version), and the runner (one that primes first, say).
     */
    private final String classpathPrefix = System.getProperty("bench.classpathPrefix", "");
    private final String functionLib = System.getProperty("bench.functionLib", "");
    private final String coldRunner = System.getProperty("bench.coldRunner", ColdPushRunner.class.getName());
    /** Only the cold-start rounds (for measuring levers); skips warm, burst and the other artifacts. */
    private final boolean coldOnly = Boolean.getBoolean("bench.coldOnly");
    /** Measure the artifacts a previous run built in target/bench/artifacts instead of building them again. */
    private final boolean reuseArtifacts = Boolean.getBoolean("bench.reuseArtifacts");

    /** When the current cold run's first RunTask reached the proxy (System.nanoTime), or 0. */
    private final AtomicLong firstRunTaskNanos = new AtomicLong();
    private final Map<String, Object> results = new LinkedHashMap<>();
    /** The interpreter itself: a version manager's python3 shim (pyenv's is a shell script) would add its own start-up to the baseline. */
    private String python;
    /** The repository the bench pushes to, and the counting proxy in front of the LocalCodeCommit serving it. */
    private BenchCommits commits;
    private FaultProxy codeCommitProxy;
    private long series = Instant.now().getEpochSecond() & 0xfff;

    /**
     * {@link #LAMBDA_JVM_FLAGS} plus the machine size a function's JVM sees on Lambda: its execution
     * environment has the function's memory (template.yaml's MemorySize), and the JVM sizes its heap from
     * that. On this bigger machine it would size it from all of the machine's memory (a young generation
     * many times larger, and a resident size to match); {@code -XX:MaxRAM} tells it the function's.
     */
    static String lambdaJvmFlags(Path project) {
        int memoryMb = Template.load(project.resolve("template.yaml")).function(FUNCTIONS[0]).orElseThrow().memoryMb();
        return LAMBDA_JVM_FLAGS + " -XX:MaxRAM=" + memoryMb + "m";
    }

    public static void main(String[] args) throws Exception {
        // The driver's own clients (stack-up, ListTasks) use the SDK's default chain; moto accepts any credentials.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("aws.region", MotoServer.REGION.id());
        new Bench().run();
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Files.deleteIfExists(childrenLog());
        long started = System.nanoTime();
        results.put("machine", Machine.describe());
        results.put("jvmFlags", String.join(" ", jvmFlags));
        python = pythonInterpreter();
        results.put("python", python);
        Map<String, Artifacts.Artifact> artifacts = phase("artifacts", () -> Artifacts.build(project, out, reuseArtifacts,
                coldOnly ? new String[] {"PushFunction"} : FUNCTIONS));
        Map<String, Object> artifactFigures = new LinkedHashMap<>();
        artifacts.forEach((function, artifact) -> artifactFigures.put(function, artifact.toMap()));
        results.put("artifacts", artifactFigures);
        String functionClasspath = classpath(functionLib.isBlank() ? Path.of(artifacts.get("PushFunction").lib()) : Path.of(functionLib));
        results.put("functionClasspath", functionClasspath);

        commits = phase("commits", () -> BenchCommits.create(out.resolve("payments-api"), PushEvents.COMMIT_LISTS));
        // Stack-up talks to moto directly; every measured process goes through the proxy.
        try (LocalCodeCommit codeCommit = LocalCodeCommit.serve(Map.of("payments-api", commits.repository()), 0,
                     LocalCodeCommit.DEFAULT_DIFFERENCES_PAGE);
             FaultProxy codeCommitCounter = FaultProxy.counting(codeCommit.endpoint());
             MotoServer moto = MotoServer.start();
             FaultProxy proxy = FaultProxy.start(moto.endpoint(), request -> {
                 if (request.operation().equals("RunTask")) {
                     firstRunTaskNanos.compareAndSet(0, System.nanoTime());
                 }
                 return null; // relay
             })) {
            codeCommitProxy = codeCommitCounter;
            MotoStack stack = phase("stack-up", () -> MotoStack.create(moto));
            Map<String, String> env = functionEnvironment(stack, proxy);
            results.put("cold", phase("cold start", () -> coldStart(functionClasspath, env, proxy)));
            if (!coldOnly) {
                results.put("warm", phase("warm", () -> warm(functionClasspath, env)));
                results.put("burst", phase("burst", () -> burst(functionClasspath, moto, proxy)));
            }
        }
        results.put("benchSeconds", (System.nanoTime() - started) / 1_000_000_000L);
        Path json = out.resolve(coldOnly ? "cold.json" : "results.json");
        Files.writeString(json, Json.writePretty(results));
        System.out.println();
        System.out.println(Report.table(results));
        System.out.println("JSON: " + project.relativize(json) + "; took " + results.get("benchSeconds") + " s");
    }

    // --- cold start, RSS and calls per push ------------------------------------------------------

    /** Rounds of: a fresh Java function JVM and a fresh python3 baseline, alternating which goes first. */
    private Map<String, Object> coldStart(String classpath, Map<String, String> env, FaultProxy proxy) throws Exception {
        List<Long> javaMillis = new ArrayList<>();
        List<Long> pythonMillis = new ArrayList<>();
        List<Long> javaRssKb = new ArrayList<>();
        List<Long> javaCpuMs = new ArrayList<>();
        List<Long> pythonCpuMs = new ArrayList<>();
        List<Long> pythonRssKb = new ArrayList<>();
        List<Map<String, Integer>> calls = new ArrayList<>();
        Map<String, Integer> pythonCalls = Map.of();
        for (int round = 0; round < rounds; round++) {
            boolean javaFirst = round % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                series++;
                commits.make(series, 2);
                if (javaFirst == (turn == 0)) {
                    ColdRun run = coldJava(classpath, env, proxy, round == 0);
                    javaMillis.add(run.millis);
                    javaRssKb.add(run.rssKb);
                    javaCpuMs.add(run.cpuMs);
                    if (run.calls != null) {
                        calls.add(run.calls.get(0));
                        calls.add(run.calls.get(1));
                        calls.add(run.calls.get(2));
                    }
                } else {
                    ColdRun run = coldPython(env, proxy);
                    pythonMillis.add(run.millis);
                    pythonRssKb.add(run.rssKb);
                    pythonCpuMs.add(run.cpuMs);
                    pythonCalls = run.calls.get(0);
                }
            }
            System.out.printf("  round %d: java %d ms (CPU %d ms), python %d ms (CPU %d ms)%n", round + 1,
                    javaMillis.getLast(), javaCpuMs.getLast(), pythonMillis.getLast(), pythonCpuMs.getLast());
        }
        Map<String, Object> cold = new LinkedHashMap<>();
        cold.put("javaMillis", Stats.of(javaMillis).toMap());
        cold.put("pythonMillis", Stats.of(pythonMillis).toMap());
        cold.put("javaCpuMs", Stats.of(javaCpuMs).toMap());
        cold.put("pythonCpuMs", Stats.of(pythonCpuMs).toMap());
        cold.put("javaRssMb", Stats.of(javaRssKb.stream().map(kb -> kb / 1024).toList()).toMap());
        cold.put("pythonRssMb", Stats.of(pythonRssKb.stream().map(kb -> kb / 1024).toList()).toMap());
        // What a push of a repository without .kft.yaml may cost under policy OFF: the claim, the commit and the
        // missing .kft.yaml (a product decision), RunTask, and with superseding on the branch's one Query.
        cold.put("callsGoalPerPush", 4 + (Boolean.parseBoolean(env.getOrDefault("SUPERSEDE_BUILDS", "true")) ? 1 : 0));
        cold.put("callsColdPush", calls.get(0));
        cold.put("callsWarmPush", calls.get(1));
        cold.put("callsDuplicatePush", calls.get(2));
        cold.put("pythonCallsPerPush", pythonCalls);
        return cold;
    }

    private record ColdRun(long millis, long rssKb, long cpuMs, List<Map<String, Integer>> calls) {}

    /** One Java cold start; with {@code countCalls}, also the warm and duplicate pushes in the same JVM. */
    private ColdRun coldJava(String classpath, Map<String, String> env, FaultProxy proxy, boolean countCalls) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classpath, coldRunner, sampleEvent.toString(), Long.toString(series), "0"));
        resetCounts(proxy);
        firstRunTaskNanos.set(0);
        long start = System.nanoTime();
        Process child = start(command, env);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             Writer driver = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            Map<String, Object> cold = expectLaunched(lines.readLine(), child);
            long millis = (firstRunTaskNanos.get() - start) / 1_000_000;
            List<Map<String, Integer>> calls = null;
            if (countCalls) {
                calls = new ArrayList<>(List.of(callCounts(proxy)));
                for (String push : List.of("warm", "duplicate")) {
                    resetCounts(proxy);
                    driver.write("next\n");
                    driver.flush();
                    Map<String, Object> line = Json.parseObject(lines.readLine());
                    if (push.equals("warm")) {
                        expectLaunched(Json.write(line), child);
                    }
                    calls.add(callCounts(proxy));
                }
            }
            driver.close();
            finish(child);
            return new ColdRun(millis, ((Number) cold.get("rssKb")).longValue(), ((Number) cold.get("cpuMs")).longValue(), calls);
        } finally {
            child.destroyForcibly();
        }
    }

    private ColdRun coldPython(Map<String, String> env, FaultProxy proxy) throws Exception {
        Path event = out.resolve("baseline-event.json");
        Files.write(event, new PushEvents(sampleEvent).push(PushEvents.commit(series, 0)));
        resetCounts(proxy);
        firstRunTaskNanos.set(0);
        long start = System.nanoTime();
        Process child = start(List.of(python, project.resolve("bench/baseline.py").toString(), event.toString()), env);
        try {
            String line = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            finish(child);
            Map<String, Object> result = Json.parseObject(line);
            if (!"LAUNCHED".equals(result.get("outcome")) || firstRunTaskNanos.get() == 0) {
                throw new IllegalStateException("baseline.py did not launch: " + line);
            }
            return new ColdRun((firstRunTaskNanos.get() - start) / 1_000_000, ((Number) result.get("rssKb")).longValue(),
                    ((Number) result.get("cpuMs")).longValue(), List.of(callCounts(proxy)));
        } finally {
            child.destroyForcibly();
        }
    }

    private Map<String, Object> expectLaunched(String line, Process child) {
        if (line == null || !line.contains("\"launched\":true") || firstRunTaskNanos.get() == 0) {
            throw new IllegalStateException("the push did not launch: " + line + " (exit " + (child.isAlive() ? "-" : child.exitValue()) + ")");
        }
        return Json.parseObject(line);
    }

    // --- warm overhead ---------------------------------------------------------------------------

    private Map<String, Object> warm(String classpath, Map<String, String> env) throws Exception {
        series++;
        phase("commits for " + (warmInvocations + 1) + " warm pushes", () -> {
            commits.make(series, warmInvocations + 1);
            return null;
        });
        // CallClock is registered as a global interceptor on this runner's classpath only.
        Path clockDir = out.resolve("call-clock");
        Path registration = clockDir.resolve("software/amazon/awssdk/global/handlers/execution.interceptors");
        Files.createDirectories(registration.getParent());
        Files.writeString(registration, CallClock.class.getName() + "\n");
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", clockDir + File.pathSeparator + classpath, WarmRunner.class.getName(),
                sampleEvent.toString(), Long.toString(series), Integer.toString(warmInvocations)));
        return runForJson(command, env, Duration.ofMinutes(2).plusMillis(warmInvocations * 200L));
    }

    // --- burst -----------------------------------------------------------------------------------

    /** The function, then the bare SDK loop, each on a stack of its own so ListTasks counts only its tasks. */
    private Map<String, Object> burst(String classpath, MotoServer moto, FaultProxy proxy) throws Exception {
        Map<String, Object> burst = new LinkedHashMap<>();
        burst.put("pushes", burstPushes);
        burst.put("concurrency", concurrency);
        for (String mode : List.of("function", "bare")) {
            series++;
            commits.make(series, burstPushes + 1);
            MotoStack stack = MotoStack.create(moto);
            List<String> command = new ArrayList<>(List.of(javaBinary()));
            command.addAll(jvmFlags);
            command.addAll(List.of("-cp", classpath, BurstRunner.class.getName(), mode, sampleEvent.toString(),
                    Long.toString(series), Integer.toString(burstPushes), Integer.toString(concurrency)));
            resetCounts(proxy);
            // moto's conditional puts are not atomic under concurrency (a bare loop launched duplicates
            // through it); DynamoDB's are. One request at a time into moto restores that, for both modes.
            proxy.oneAtATime(true);
            Map<String, Object> run = new LinkedHashMap<>(runForJson(command, functionEnvironment(stack, proxy),
                    Duration.ofMinutes(2).plusMillis(burstPushes * 500L)));
            proxy.oneAtATime(false);
            run.put("tasks", countTasks(stack) - 1); // the runner's warm-up push launched one
            run.put("calls", callCounts(proxy));
            System.out.println("  " + mode + ": " + Json.write(run));
            burst.put(mode, run);
        }
        return burst;
    }

    private static int countTasks(MotoStack stack) {
        int tasks = 0;
        for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
            tasks += stack.ecs.listTasksPaginator(r -> r.cluster(stack.cluster).desiredStatus(status))
                    .taskArns().stream().mapToInt(arn -> 1).sum();
        }
        return tasks;
    }

    // --- calls -----------------------------------------------------------------------------------

    private void resetCounts(FaultProxy proxy) {
        proxy.resetCounts();
        codeCommitProxy.resetCounts();
    }

    /** The calls both proxies counted ("service.Operation" → count): moto's, then CodeCommit's. */
    private Map<String, Integer> callCounts(FaultProxy proxy) {
        Map<String, Integer> counts = new LinkedHashMap<>(proxy.callCounts());
        counts.putAll(codeCommitProxy.callCounts());
        return counts;
    }

    // --- processes -------------------------------------------------------------------------------

    /** PushFunction's variables as the template sets them, pointed at the proxies. */
    private Map<String, String> functionEnvironment(MotoStack stack, FaultProxy proxy) {
        Map<String, String> env = new LinkedHashMap<>(stack.stack.envVars().get("PushFunction"));
        // The issue states its calls-per-push goal for the Dockerfile policy OFF (and no .kft.yaml, which
        // the bench's commits never have: GetFile finds none); the template's default is WARN.
        env.put("DOCKERFILE_POLICY", "OFF");
        env.put("AWS_REGION", MotoServer.REGION.id());
        env.put("AWS_DEFAULT_REGION", MotoServer.REGION.id()); // Lambda sets both; botocore reads this one
        env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
        // The SDK's service-specific endpoint wins over the global one: CodeCommit reads go to the local CodeCommit.
        env.put("AWS_ENDPOINT_URL_CODECOMMIT", codeCommitProxy.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        return env;
    }

    private Process start(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(childrenLog().toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("JAVA_TOOL"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private Map<String, Object> runForJson(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        Process child = start(command, env);
        try {
            // Read stdout on another thread so the timeout holds even if the child hangs silently.
            var output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(String.join(" ", command.subList(command.indexOf("-cp") + 2, command.size()))
                        + " did not finish in " + timeout + " (see target/bench/children.log)");
            }
            String text = output.get(10, TimeUnit.SECONDS).trim();
            if (child.exitValue() != 0) {
                throw new IllegalStateException("runner failed (exit " + child.exitValue() + ", see target/bench/children.log): " + text);
            }
            return Json.parseObject(text.substring(text.lastIndexOf('\n') + 1));
        } finally {
            child.destroyForcibly();
        }
    }

    /** Where every measured process's stderr goes (the functions' logs), one run's worth. */
    private Path childrenLog() {
        return out.resolve("children.log");
    }

    private static void finish(Process child) throws InterruptedException {
        if (!child.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || child.exitValue() != 0) {
            throw new IllegalStateException("a cold-start run failed or hung (see target/bench/children.log)");
        }
    }

    private static String pythonInterpreter() throws Exception {
        Process which = new ProcessBuilder("python3", "-c", "import sys, boto3; print(sys.executable)").redirectErrorStream(true).start();
        String text = new String(which.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (which.waitFor() != 0) {
            throw new IllegalStateException("python3 with boto3 is needed for the baseline: " + text);
        }
        return text;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The artifact's jars, as the Lambda runtime puts lib/ on the classpath, after the runners' jar
     * (and any lever's prefix). Jars only, so AppCDS and the AOT cache can archive every class.
     */
    private String classpath(Path lib) throws IOException {
        List<String> entries = new ArrayList<>();
        if (!classpathPrefix.isBlank()) {
            entries.add(classpathPrefix);
        }
        entries.add(Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
        try (Stream<Path> jars = Files.list(lib)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> entries.add(p.toString()));
        }
        return String.join(File.pathSeparator, entries);
    }

    interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T phase(String name, Step<T> step) throws Exception {
        System.out.println("bench: " + name + "...");
        long started = System.nanoTime();
        T result = step.run();
        System.out.printf("bench: %s took %.1f s%n", name, (System.nanoTime() - started) / 1e9);
        return result;
    }

    static <T extends Comparable<T>> List<T> sorted(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }
}
