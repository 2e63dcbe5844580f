package dev.kft.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real git repository made with the {@code git} CLI in a test's directory: the source of truth
 * behind {@link CodeCommitDouble}. Commits get fixed dates so their ids only depend on what the test wrote.
 */
public final class GitRepository {
    private final Path directory;
    private int commits;

    private GitRepository(Path directory) {
        this.directory = directory;
    }

    /** {@code git init} in {@code directory} (created if needed), default branch main. */
    public static GitRepository init(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GitRepository repository = new GitRepository(directory);
        repository.git(Map.of(), "init", "--quiet", "--initial-branch=main");
        return repository;
    }

    public Path directory() {
        return directory;
    }

    /** Writes a file and commits it on the current branch; returns the new commit id. */
    public String commit(String message, String authorName, String authorEmail) {
        commits++;
        try {
            Files.writeString(directory.resolve("file-" + commits + ".txt"), message + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git(Map.of(), "add", "--all");
        String date = "2026-11-20T09:" + String.format("%02d", commits) + ":00Z";
        git(Map.of("GIT_AUTHOR_NAME", authorName, "GIT_AUTHOR_EMAIL", authorEmail, "GIT_AUTHOR_DATE", date,
                "GIT_COMMITTER_NAME", authorName, "GIT_COMMITTER_EMAIL", authorEmail, "GIT_COMMITTER_DATE", date),
                "commit", "--quiet", "--no-gpg-sign", "-m", message);
        return git(Map.of(), "rev-parse", "HEAD").strip();
    }

    /**
     * The raw commit object ({@code git cat-file commit}): header lines ({@code tree}, {@code parent},
     * {@code author}, {@code committer}), a blank line, the message. Empty when {@code id} names no commit.
     */
    public Optional<String> rawCommit(String id) {
        String type = gitOrNull("cat-file", "-t", id);
        if (type == null || !type.strip().equals("commit")) {
            return Optional.empty();
        }
        return Optional.of(git(Map.of(), "cat-file", "commit", id));
    }

    private String gitOrNull(String... args) {
        try {
            return git(Map.of(), args);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private String git(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        // Nothing from the machine's git configuration (signing, hooks, templates) leaks into the fixture.
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("git is needed by this test", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
