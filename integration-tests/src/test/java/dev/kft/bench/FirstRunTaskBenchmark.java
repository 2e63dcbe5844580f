package dev.kft.bench;

import dev.kft.core.Json;
import dev.kft.lambda.Environment;
import dev.kft.local.GitRepository;
import dev.kft.local.LocalCodeCommit;
import dev.kft.testing.MotoServer;
import dev.kft.testing.MotoStack;
import dev.kft.testing.SampleCommits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Time from JVM start to the first RunTask request of PushFunction, each run in a fresh JVM
 * (a cold start without SnapStart), against a local moto_server.
 *
 * <p>Run: {@code bin/bench-first-runtask [runs]}. The driver starts moto and a stack, then launches
 * {@code runs} child JVMs; each child loads the handler exactly as Lambda would (static init reads
 * the environment), invokes it with a push whose commit differs per run, and prints its timings.
 * The commits are real: a git repository served by the local CodeCommit (PushFunction reads the commit
 * and its files before RunTask, so those reads are part of the time measured).
 */
public final class FirstRunTaskBenchmark {
    private FirstRunTaskBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> jvmOptions = args.length > 1 ? List.of(args[1].split(" ")) : List.of();
        // The runs' git repository, env-vars and event files: one temporary directory, deleted whatever happens.
        Path files = Files.createTempDirectory("bench-first-runtask");
        GitRepository git = GitRepository.init(files.resolve("payments-api"));
        try (MotoServer moto = MotoServer.start();
             LocalCodeCommit codeCommit = LocalCodeCommit.serve(Map.of("payments-api", git), 0, LocalCodeCommit.DEFAULT_DIFFERENCES_PAGE)) {
            MotoStack stack = MotoStack.create(moto);
            Path env = files.resolve("env.json");
            Files.writeString(env, Json.write(stack.environment()));
            List<Long> toRunTask = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String commit = git.commit("Bench run " + i, Map.of("Dockerfile", SampleCommits.DOCKERFILE, "run.txt", i + "\n"));
                Path event = files.resolve("event-" + i + ".json");
                Files.writeString(event, Files.readString(Path.of("events/push-branch.json"))
                        .replace("4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f", commit));
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvmOptions.stream().filter(o -> !o.isBlank()).toList());
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), FirstRunTaskBenchmark.class.getName(),
                        "child", env.toString(), event.toString()));
                ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
                builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
                builder.environment().put("AWS_ENDPOINT_URL", moto.endpoint().toString());
                builder.environment().put("AWS_ENDPOINT_URL_CODECOMMIT", codeCommit.endpoint().toString());
                Process child = builder.start();
                String line = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (child.waitFor() != 0) {
                    throw new IllegalStateException("child run failed: " + line);
                }
                System.out.println("run " + (i + 1) + ": " + line);
                toRunTask.add(Long.parseLong(Json.parseObject(line).get("jvmStartToFirstRunTaskMillis").toString()));
            }
            Collections.sort(toRunTask);
            System.out.println("JVM start -> first RunTask request, " + runs + " cold runs" + (jvmOptions.isEmpty() ? "" : " " + jvmOptions)
                    + ": median " + toRunTask.get(runs / 2) + " ms, min " + toRunTask.get(0) + " ms, max " + toRunTask.get(runs - 1) + " ms");
        } finally {
            try (Stream<Path> written = Files.walk(files)) {
                for (Path file : written.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void child(Path envFile, Path eventFile) throws Exception {
        long mainStart = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Map<String, Object> env = Json.parseObject(Files.readString(envFile));
        Environment.overrideForLocalInvoke(env.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))));
        Class<?> handlerClass = Class.forName("dev.kft.functions.push.PushHandler");
        var handler = (com.amazonaws.services.lambda.runtime.RequestStreamHandler) handlerClass.getDeclaredConstructor().newInstance();
        long initDone = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(eventFile)), out, null);
        long done = System.currentTimeMillis();
        if (!out.toString(StandardCharsets.UTF_8).contains("LAUNCHED")) {
            throw new IllegalStateException("push did not launch: " + out);
        }
        System.out.println(Json.write(Map.of(
                "jvmStartToMainMillis", mainStart - jvmStart,
                "jvmStartToHandlerReadyMillis", initDone - jvmStart,
                "jvmStartToFirstRunTaskMillis", RequestClock.FIRST_RUN_TASK_EPOCH_MILLIS.get() - jvmStart,
                "jvmStartToResultMillis", done - jvmStart)));
    }
}
