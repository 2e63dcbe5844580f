package dev.kft.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Push events for the runners: events/push-branch.json with another commit id, so each push is a new
 * build (the ledger's key holds the commit), and the one way every runner invokes PushFunction.
 * The commits are real: {@link BenchCommits} made them in the repository the bench's LocalCodeCommit
 * serves as payments-api, since PushFunction reads each pushed commit (GetCommit, GetFile .kft.yaml).
 */
final class PushEvents {
    private static final String SAMPLE_COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";
    private static final String SAMPLE_OLD_COMMIT = "9e1b7d3f5a2c8e0b4d6f1a3c5e7b9d0f2a4c6e8b";
    /** Where {@link BenchCommits} lists each series' commits; the driver and the runners share the project directory. */
    static final Path COMMIT_LISTS = Path.of(System.getProperty("bench.commitLists", "target/bench/commits"));

    /** A pushed commit and its parent (the event's oldCommitId). */
    record Commit(String id, String parent) {}

    /** The series read so far (a runner reads its own only). */
    private static final java.util.Map<Long, List<String>> SERIES = new java.util.concurrent.ConcurrentHashMap<>();

    private final String sample;

    PushEvents(Path sampleEvent) {
        try {
            this.sample = Files.readString(sampleEvent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!sample.contains(SAMPLE_COMMIT) || !sample.contains(SAMPLE_OLD_COMMIT)) {
            throw new IllegalArgumentException(sampleEvent + " no longer holds commits " + SAMPLE_COMMIT + " and " + SAMPLE_OLD_COMMIT);
        }
    }

    /**
     * The real commit for push {@code number} of {@code series} (series keep runs and phases apart in one
     * ledger), from the list {@link BenchCommits#make} wrote; a series' list is a small file of its own,
     * read once, so a cold runner reads two lines.
     */
    static Commit commit(long series, long number) {
        List<String> lines = SERIES.computeIfAbsent(series, s -> {
            try {
                return Files.readAllLines(COMMIT_LISTS.resolve(s + ".txt"));
            } catch (IOException e) {
                throw new UncheckedIOException("no commits made for series " + s + " (BenchCommits)", e);
            }
        });
        if (number >= lines.size()) {
            throw new IllegalArgumentException("series " + series + " has " + lines.size() + " commits, not " + (number + 1));
        }
        String[] ids = lines.get((int) number).split(" ");
        return new Commit(ids[0], ids[1]);
    }

    byte[] push(Commit commit) {
        return sample.replace(SAMPLE_COMMIT, commit.id()).replace(SAMPLE_OLD_COMMIT, commit.parent()).getBytes(StandardCharsets.UTF_8);
    }

    /** The push of {@code commit} to {@code branch} instead of the sample's main. */
    byte[] push(Commit commit, String branch) {
        String event = new String(push(commit), StandardCharsets.UTF_8);
        String onBranch = event.replace("\"referenceName\": \"main\"", "\"referenceName\": \"" + branch + "\"")
                .replace("\"refs/heads/main\"", "\"refs/heads/" + branch + "\"");
        if (onBranch.equals(event)) {
            throw new IllegalStateException("the sample event no longer names branch main as expected");
        }
        return onBranch.getBytes(StandardCharsets.UTF_8);
    }

    /** Invokes the handler as the Lambda runtime would (no context: the handler uses its default budget); returns its output. */
    static String invoke(RequestStreamHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The handler as the Lambda runtime loads it: by name, so its class initializer runs here (reading the environment). */
    static RequestStreamHandler pushHandler() throws ReflectiveOperationException {
        return (RequestStreamHandler) Class.forName("dev.kft.functions.push.PushHandler").getDeclaredConstructor().newInstance();
    }

    /**
     * CPU time this process used so far (user + system, ms), from /proc/self/stat as baseline.py
     * reads it: unlike wall time, it hardly moves when other work shares the machine.
     */
    static long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are at 11 and 12; in clock ticks (100 Hz).
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** VmRSS from /proc (kB): the resident memory figure, read the same way by baseline.py. */
    static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
