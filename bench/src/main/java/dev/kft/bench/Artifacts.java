package dev.kft.bench;

import dev.kft.testing.SamBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            SamBuild.copyProject(project, copy);
        }
        Map<String, Artifact> artifacts = new LinkedHashMap<>();
        for (String function : functions) {
            Path dir = out.resolve("artifacts").resolve(function);
            if (reuse && Files.isDirectory(dir.resolve("lib"))) {
                artifacts.put(function, measure(function, dir));
                continue;
            }
            deleteTree(dir);
            SamBuild.make(copy, function, dir, out.resolve("make-" + function + ".log"), 10);
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
