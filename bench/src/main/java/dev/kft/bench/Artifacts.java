package dev.kft.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Each function's artifact made the way {@code sam build} makes it (template.yaml: BuildMethod
 * makefile): a copy of the project's files, then {@code make build-<Function> ARTIFACTS_DIR=...}
 * in it, as FunctionArtifactsIT does. The PushFunction artifact is also what the cold starts run.
 */
final class Artifacts {
    private Artifacts() {}

    record Artifact(String function, String lib, int jars, long bytes) {
        double megabytes() {
            return Math.round(bytes / 1024.0 / 1024.0 * 100) / 100.0;
        }

        Map<String, Object> toMap() {
            return Map.of("lib", lib, "jars", jars, "bytes", bytes, "megabytes", megabytes());
        }
    }

    static Map<String, Artifact> build(Path project, Path out, boolean reuse, String... functions) throws Exception {
        Path copy = out.resolve("project-copy");
        if (!reuse) {
            deleteTree(copy);
            copyProject(project, copy);
        }
        Map<String, Artifact> artifacts = new LinkedHashMap<>();
        for (String function : functions) {
            Path dir = out.resolve("artifacts").resolve(function);
            if (reuse && Files.isDirectory(dir.resolve("lib"))) {
                artifacts.put(function, measure(function, dir));
                continue;
            }
            deleteTree(dir);
            Files.createDirectories(dir);
            Path log = out.resolve("make-" + function + ".log");
            Process make = new ProcessBuilder("make", "build-" + function, "ARTIFACTS_DIR=" + dir)
                    .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!make.waitFor(10, TimeUnit.MINUTES)) {
                make.destroyForcibly();
                throw new IllegalStateException("make build-" + function + " did not finish in 10 minutes");
            }
            if (make.exitValue() != 0) {
                throw new IllegalStateException("make build-" + function + " failed: see " + log);
            }
            artifacts.put(function, measure(function, dir));
        }
        return artifacts;
    }

    private static Artifact measure(String function, Path dir) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir.resolve("lib"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        long bytes = 0;
        for (Path jar : jars) {
            bytes += Files.size(jar);
        }
        Artifact artifact = new Artifact(function, dir.resolve("lib").toString(), jars.size(), bytes);
        System.out.printf("  %s: %d jars, %.2f MB%n", function, artifact.jars(), artifact.megabytes());
        return artifact;
    }

    /** What sam build copies: the project's files (tracked and new, not ignored), without build output. */
    private static void copyProject(Path from, Path to) throws Exception {
        Process git = new ProcessBuilder("git", "ls-files", "-co", "--exclude-standard", "-z").directory(from.toFile()).start();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (git.waitFor() != 0) {
            throw new IllegalStateException("git ls-files failed in " + from);
        }
        for (String file : listing.split("\0")) {
            Path source = from.resolve(file);
            if (file.isEmpty() || !Files.isRegularFile(source)) {
                continue;
            }
            Path target = to.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
