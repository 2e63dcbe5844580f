package dev.kft.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real git repository driven by the {@code git} CLI: the source of truth behind {@link LocalCodeCommit}.
 * Commits made here get fixed dates, so their ids only depend on what was written. What a push reads
 * (a commit, a file, what a name resolves to) goes through one long-lived {@code git cat-file --batch}
 * per repository, started on the first read: a read then costs no new process, which is most of what
 * a CodeCommit call cost here. It sees new commits and moved refs at once; {@link #close} stops it.
 */
public final class GitRepository implements AutoCloseable {
    /** Who commits when the caller does not say: the user of the sample events. */
    public static final String DEFAULT_AUTHOR = "Dana Reyes";
    public static final String DEFAULT_EMAIL = "dana.reyes@example.com";

    /** A file's blob in a commit's tree. {@code mode} is git's ({@code 100644}, {@code 100755}, {@code 120000}). */
    public record Blob(String blobId, String mode, String path, byte[] content) {}

    /** One path that differs between two commits; the side a change does not have is null. */
    public record Difference(char changeType, String beforeBlobId, String beforeMode, String afterBlobId, String afterMode,
                             String path) {}

    /** A found object's header in {@code git cat-file --batch}'s answer: id, type, size. */
    private static final Pattern FOUND = Pattern.compile("([0-9a-f]{40,64}) (blob|tree|commit|tag) (\\d+)");

    private final Path directory;
    private int commits;
    /** The running {@code git cat-file --batch}, or null until the first read (and after {@link #close}). */
    private Process reader;

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
        return object(specifier + "^{commit}").map(GitObject::id);
    }

    /**
     * The raw commit object ({@code git cat-file commit}): header lines ({@code tree}, {@code parent},
     * {@code author}, {@code committer}), a blank line, the message. Empty when {@code id} names no commit.
     */
    public Optional<String> rawCommit(String id) {
        return object(id).filter(object -> object.type().equals("commit"))
                .map(object -> new String(object.content(), StandardCharsets.UTF_8));
    }

    /** The file at {@code path} in commit {@code commitId}; empty when there is none (or {@code path} is a directory). */
    public Optional<Blob> file(String commitId, String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            return Optional.empty();
        }
        Optional<GitObject> blob = object(commitId + ":" + path).filter(object -> object.type().equals("blob"));
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        // The mode is not the blob's but its entry's in the directory that holds it.
        int slash = path.lastIndexOf('/');
        String directoryTree = slash < 0 ? commitId + "^{tree}" : commitId + ":" + path.substring(0, slash);
        String mode = object(directoryTree).filter(object -> object.type().equals("tree"))
                .flatMap(tree -> modeOf(tree.content(), path.substring(slash + 1), blob.get().id()))
                .orElseThrow(() -> new IllegalStateException("git: no tree entry for " + path + " in " + commitId));
        return Optional.of(new Blob(blob.get().id(), mode, path, blob.get().content()));
    }

    /** A tree object's entries are {@code <mode> <name>\0<raw id>}; the mode of {@code name}, if it holds {@code id}. */
    private static Optional<String> modeOf(byte[] tree, String name, String id) {
        int idBytes = id.length() / 2;
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        while (at < tree.length) {
            int space = indexOf(tree, (byte) ' ', at);
            int nul = indexOf(tree, (byte) 0, space);
            if (space < 0 || nul < 0 || nul + 1 + idBytes > tree.length) {
                return Optional.empty();
            }
            if (Arrays.equals(tree, space + 1, nul, wanted, 0, wanted.length)
                    && HexFormat.of().formatHex(tree, nul + 1, nul + 1 + idBytes).equals(id)) {
                return Optional.of(new String(tree, at, space - at, StandardCharsets.US_ASCII));
            }
            at = nul + 1 + idBytes;
        }
        return Optional.empty();
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = Math.max(from, 0); i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** An object as {@code git cat-file --batch} gives it. */
    private record GitObject(String id, String type, byte[] content) {}

    /** The object {@code name} names (anything git's revision syntax takes), or empty when it names none. */
    private synchronized Optional<GitObject> object(String name) {
        // One name per line: a line break would be read as a second request.
        if (name.isBlank() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            return Optional.empty();
        }
        try {
            if (reader == null || !reader.isAlive()) {
                reader = start("cat-file", "--batch");
            }
            OutputStream requests = reader.getOutputStream();
            requests.write((name + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
            InputStream answers = reader.getInputStream();
            String header = line(answers);
            Matcher found = FOUND.matcher(header);
            if (!found.matches()) {
                // "<name> missing" or "<name> ambiguous"
                return Optional.empty();
            }
            byte[] content = answers.readNBytes(Integer.parseInt(found.group(3)));
            if (content.length != Integer.parseInt(found.group(3)) || answers.read() != '\n') {
                throw new IOException("git cat-file --batch ended in the middle of " + name);
            }
            return Optional.of(new GitObject(found.group(1), found.group(2), content));
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("reading " + name + " from " + directory, e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("git cat-file --batch ended");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Stops the reader, if one runs; the next read starts another. */
    @Override
    public synchronized void close() {
        if (reader != null) {
            try {
                reader.getOutputStream().close(); // end of requests: cat-file exits
                if (!reader.waitFor(5, TimeUnit.SECONDS)) {
                    reader.destroyForcibly();
                }
            } catch (IOException e) {
                reader.destroyForcibly();
            } catch (InterruptedException e) {
                reader.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            reader = null;
        }
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

    private byte[] run(Map<String, String> env, String... args) {
        ProcessBuilder builder = command(args);
        builder.environment().putAll(env);
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

    /** A long-lived git process (its errors discarded: it answers "missing" for what it cannot read). */
    private Process start(String... args) throws IOException {
        return command(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // Nothing from the machine's git configuration (signing, hooks, templates) changes what is served or committed.
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        return builder;
    }
}
