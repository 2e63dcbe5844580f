package dev.kft.local;

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
 * A real git repository driven by the {@code git} CLI: the source of truth behind {@link LocalCodeCommit}.
 * Commits made here get fixed dates, so their ids only depend on what was written.
 */
public final class GitRepository {
    /** Who commits when the caller does not say: the user of the sample events. */
    public static final String DEFAULT_AUTHOR = "Dana Reyes";
    public static final String DEFAULT_EMAIL = "dana.reyes@example.com";

    /** A file's blob in a commit's tree. {@code mode} is git's ({@code 100644}, {@code 100755}, {@code 120000}). */
    public record Blob(String blobId, String mode, String path, byte[] content) {}

    /** One path that differs between two commits; the side a change does not have is null. */
    public record Difference(char changeType, String beforeBlobId, String beforeMode, String afterBlobId, String afterMode,
                             String path) {}

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

    /** An existing repository (a work tree or a bare one); refused when {@code directory} is not one. */
    public static GitRepository open(Path directory) {
        GitRepository repository = new GitRepository(directory);
        if (!Files.isDirectory(directory) || repository.gitOrNull("rev-parse", "--git-dir") == null) {
            throw new IllegalArgumentException(directory + " is not a git repository");
        }
        return repository;
    }

    public Path directory() {
        return directory;
    }

    /** Writes a file of its own and commits it on the current branch; returns the new commit id. */
    public String commit(String message, String authorName, String authorEmail) {
        write(Map.of("file-" + (commits + 1) + ".txt", message + "\n"));
        return commitStaged(message, authorName, authorEmail);
    }

    /** Writes {@code files} (path → text, parents created) and commits them on the current branch as {@link #DEFAULT_AUTHOR}. */
    public String commit(String message, Map<String, String> files) {
        write(files);
        return commitStaged(message, DEFAULT_AUTHOR, DEFAULT_EMAIL);
    }

    /** Writes {@code files} (path → text) into the work tree; the next commit takes them. */
    public void write(Map<String, String> files) {
        files.forEach((path, content) -> {
            Path file = directory.resolve(path);
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Removes {@code paths} from the work tree and the index; the next commit records the deletion. */
    public void remove(String... paths) {
        List<String> args = new ArrayList<>(List.of("rm", "--quiet", "--"));
        args.addAll(List.of(paths));
        git(Map.of(), args.toArray(String[]::new));
    }

    /** A new branch at the current commit, checked out. */
    public void createBranch(String name) {
        git(Map.of(), "checkout", "--quiet", "-b", name);
    }

    /** Checks out an existing branch. */
    public void checkout(String branch) {
        git(Map.of(), "checkout", "--quiet", branch);
    }

    private String commitStaged(String message, String authorName, String authorEmail) {
        commits++;
        git(Map.of(), "add", "--all");
        String date = "2026-11-20T09:" + String.format("%02d", commits % 60) + ":00Z";
        git(Map.of("GIT_AUTHOR_NAME", authorName, "GIT_AUTHOR_EMAIL", authorEmail, "GIT_AUTHOR_DATE", date,
                "GIT_COMMITTER_NAME", authorName, "GIT_COMMITTER_EMAIL", authorEmail, "GIT_COMMITTER_DATE", date),
                "commit", "--quiet", "--no-gpg-sign", "--allow-empty", "-m", message);
        return git(Map.of(), "rev-parse", "HEAD").strip();
    }

    /** The commit a specifier names (a commit id, a branch, a tag, HEAD); empty when it names none. */
    public Optional<String> resolve(String specifier) {
        if (specifier == null || specifier.isBlank() || specifier.startsWith("-")) {
            return Optional.empty();
        }
        String id = gitOrNull("rev-parse", "--verify", "--quiet", specifier + "^{commit}");
        return Optional.ofNullable(id).map(String::strip);
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

    /** The file at {@code path} in commit {@code commitId} ({@code git ls-tree}, then its blob); empty when there is none. */
    public Optional<Blob> file(String commitId, String path) {
        // ls-tree -z: "<mode> blob <id>\t<path>\0", no quoting of unusual paths.
        String entry = git(Map.of(), "ls-tree", "-z", commitId, "--", path);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = entry.substring(0, entry.indexOf('\t')).split(" ");
        if (!fields[1].equals("blob")) {
            return Optional.empty();
        }
        return Optional.of(new Blob(fields[2], fields[0], path, gitBytes("cat-file", "blob", fields[2])));
    }

    /**
     * Every path that differs from {@code before} to {@code after} ({@code git diff-tree -r --no-renames}: a
     * rename is a deletion and an addition). Without {@code before}, every file of {@code after} is added.
     */
    public List<Difference> differences(String before, String after) {
        List<Difference> differences = new ArrayList<>();
        if (before == null) {
            // ls-tree -r -z: "<mode> blob <id>\t<path>\0" per file.
            for (String entry : git(Map.of(), "ls-tree", "-r", "-z", after).split("\0")) {
                if (entry.isEmpty()) {
                    continue;
                }
                String[] fields = entry.substring(0, entry.indexOf('\t')).split(" ");
                differences.add(new Difference('A', null, null, fields[2], fields[0], entry.substring(entry.indexOf('\t') + 1)));
            }
            return differences;
        }
        // diff-tree -z: ":<old mode> <new mode> <old id> <new id> <status>\0<path>\0" per path.
        String[] parts = git(Map.of(), "diff-tree", "-r", "-z", "--no-renames", before, after).split("\0");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            String[] fields = parts[i].substring(1).split(" ");
            char type = fields[4].charAt(0);
            differences.add(new Difference(type,
                    type == 'A' ? null : fields[2], type == 'A' ? null : fields[0],
                    type == 'D' ? null : fields[3], type == 'D' ? null : fields[1], parts[i + 1]));
        }
        return differences;
    }

    private String gitOrNull(String... args) {
        try {
            return git(Map.of(), args);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private String git(Map<String, String> env, String... args) {
        return new String(run(env, args), StandardCharsets.UTF_8);
    }

    private byte[] gitBytes(String... args) {
        return run(Map.of(), args);
    }

    private byte[] run(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        // Nothing from the machine's git configuration (signing, hooks, templates) changes what is served or committed.
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + errors);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("git must be on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
