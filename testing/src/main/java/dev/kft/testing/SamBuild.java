package dev.kft.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A function's deployable made the way {@code sam build} makes it for template.yaml's
 * {@code BuildMethod: makefile}: a copy of the CodeUri directory (the project's files, tracked and
 * new, not ignored, without build output), then {@code make build-<LogicalId>} in it with
 * {@code ARTIFACTS_DIR} set. Shared by FunctionArtifactsIT and the benchmark.
 */
public final class SamBuild {
    private SamBuild() {}

    /** Copies the project at {@code from} to {@code to} as sam build's scratch copy. */
    public static void copyProject(Path from, Path to) throws IOException, InterruptedException {
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

    /** {@code make build-<function>} in the copy; the artifact lands in {@code artifacts} (its lib/), make's output in {@code log}. */
    public static void make(Path copy, String function, Path artifacts, Path log, long timeoutMinutes)
            throws IOException, InterruptedException {
        Files.createDirectories(artifacts);
        Process make = new ProcessBuilder("make", "build-" + function, "ARTIFACTS_DIR=" + artifacts)
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!make.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            make.destroyForcibly();
            throw new IllegalStateException("make build-" + function + " did not finish in " + timeoutMinutes + " minutes");
        }
        if (make.exitValue() != 0) {
            throw new IllegalStateException("make build-" + function + " failed: see " + log + "\n" + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
