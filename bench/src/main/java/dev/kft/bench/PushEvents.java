package dev.kft.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Push events for the runners: events/push-branch.json with another commit id, so each push is a new
 * build (the ledger's key holds the commit), and the one way every runner invokes PushFunction.
 */
final class PushEvents {
    private static final String SAMPLE_COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";

    private final String sample;

    PushEvents(Path sampleEvent) {
        try {
            this.sample = Files.readString(sampleEvent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!sample.contains(SAMPLE_COMMIT)) {
            throw new IllegalArgumentException(sampleEvent + " no longer holds commit " + SAMPLE_COMMIT);
        }
    }

    /**
     * A 40-hex commit id unique to (series, number): series keep runs and phases apart in one ledger.
     * Both sit in the first 12 characters, which make the image's commit tag.
     */
    static String commit(long series, long number) {
        return String.format("%04x%08x%028x", series & 0xffff, number, 0);
    }

    byte[] push(String commit) {
        return sample.replace(SAMPLE_COMMIT, commit).getBytes(StandardCharsets.UTF_8);
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
