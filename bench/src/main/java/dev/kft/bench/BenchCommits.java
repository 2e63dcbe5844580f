package dev.kft.bench;

import dev.kft.local.GitRepository;
import dev.kft.testing.SampleCommits;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real commits the bench pushes: repository payments-api as a git repository the driver serves
 * through a LocalCodeCommit, one commit per push, made in one {@code git fast-import} per series (a few
 * thousand commits take seconds, not a {@code git commit} process each). After an initial commit with
 * the Dockerfile, each commit only changes {@code push.txt}; none has a {@code .kft.yaml}. The commits of a
 * series are listed, one "commitId parentId" line per number, in {@code <directory>/<series>.txt}, which
 * {@link PushEvents#commit} reads in the runners.
 */
final class BenchCommits {
    private final GitRepository repository;
    private final Path lists;
    private String tip;
    private long seconds = 1_763_629_440L; // 2025-11-20T09:04:00Z, then a second per commit: ids depend only on the bench

    private BenchCommits(GitRepository repository, Path lists) {
        this.repository = repository;
        this.lists = lists;
    }

    /** A fresh repository in {@code directory} (anything there before is removed) with its commit lists in {@code lists}. */
    static BenchCommits create(Path directory, Path lists) throws IOException {
        delete(directory);
        delete(lists);
        Files.createDirectories(lists);
        GitRepository repository = GitRepository.init(directory);
        BenchCommits commits = new BenchCommits(repository, lists);
        commits.tip = repository.commit("Initial commit", Map.of("Dockerfile", SampleCommits.DOCKERFILE));
        return commits;
    }

    GitRepository repository() {
        return repository;
    }

    /** Commits for pushes 0 .. {@code count - 1} of {@code series}, each a child of the one before, listed for the runners. */
    void make(long series, int count) throws IOException, InterruptedException {
        StringBuilder stream = new StringBuilder();
        for (int number = 0; number < count; number++) {
            String message = "Bench push " + series + "/" + number + "\n";
            int bytes = message.getBytes(StandardCharsets.UTF_8).length;
            String content = series + "/" + number + "\n";
            stream.append("commit refs/heads/main\n")
                    .append("mark :").append(number + 1).append('\n')
                    .append("author ").append(GitRepository.DEFAULT_AUTHOR).append(" <").append(GitRepository.DEFAULT_EMAIL).append("> ")
                    .append(seconds).append(" +0000\n")
                    .append("committer ").append(GitRepository.DEFAULT_AUTHOR).append(" <").append(GitRepository.DEFAULT_EMAIL).append("> ")
                    .append(seconds).append(" +0000\n")
                    .append("data ").append(bytes).append('\n').append(message);
            seconds++;
            if (number == 0) {
                stream.append("from ").append(tip).append('\n');
            }
            stream.append("M 100644 inline push.txt\ndata ").append(content.length()).append('\n').append(content).append('\n');
        }
        Path marks = Files.createTempFile(lists, "marks", ".txt").toAbsolutePath(); // git -C runs elsewhere
        ProcessBuilder builder = new ProcessBuilder("git", "-C", repository.directory().toString(), "fast-import", "--quiet",
                "--export-marks=" + marks).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process git = builder.start();
        try (OutputStream in = git.getOutputStream()) {
            in.write(stream.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (!git.waitFor(2, TimeUnit.MINUTES) || git.exitValue() != 0) {
            throw new IllegalStateException("git fast-import failed for series " + series);
        }
        String[] ids = new String[count];
        for (String line : Files.readAllLines(marks)) {
            String[] fields = line.split(" "); // ":<mark> <commit id>"
            ids[Integer.parseInt(fields[0].substring(1)) - 1] = fields[1];
        }
        Files.delete(marks);
        List<String> listed = new ArrayList<>();
        String parent = tip;
        for (String id : ids) {
            listed.add(id + " " + parent);
            parent = id;
        }
        tip = parent;
        Files.write(lists.resolve(series + ".txt"), listed);
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
