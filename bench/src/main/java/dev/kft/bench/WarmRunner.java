package dev.kft.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.core.Json;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Warm invocations in one JVM: after one cold push, {@code count} pushes of new commits, each timed
 * around the handler. The function's own time is that time minus the time inside SDK calls; the
 * stricter overhead is that time minus the wire time alone, so the SDK's client-side work
 * (marshalling, signing, unmarshalling) counts as overhead too. Both come from {@link CallClock}.
 * Usage: WarmRunner <sample event> <series> <count>
 */
public final class WarmRunner {
    private WarmRunner() {}

    public static void main(String[] args) throws Exception {
        PushEvents events = new PushEvents(Path.of(args[0]));
        long series = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        RequestStreamHandler handler = PushEvents.pushHandler();
        expectLaunched(PushEvents.invoke(handler, events.push(PushEvents.commit(series, 0))));
        CallClock.take();

        long[] totalNanos = new long[count];
        long[] overheadNanos = new long[count];
        long[] ownNanos = new long[count];
        for (int i = 0; i < count; i++) {
            // Each on a branch of its own, as in the burst: none supersedes another (the calls rows measure that).
            PushEvents.Commit commit = PushEvents.commit(series, i + 1);
            byte[] event = events.push(commit, "warm-" + commit.id().substring(0, 12));
            long started = System.nanoTime();
            String output = PushEvents.invoke(handler, event);
            totalNanos[i] = System.nanoTime() - started;
            long[] wireAndCalls = CallClock.take();
            overheadNanos[i] = totalNanos[i] - wireAndCalls[0];
            ownNanos[i] = totalNanos[i] - wireAndCalls[1];
            expectLaunched(output);
        }
        System.out.println(Json.write(Map.of(
                "invocations", count,
                "totalP50Ms", percentileMillis(totalNanos, 50),
                "totalP99Ms", percentileMillis(totalNanos, 99),
                "overheadP50Ms", percentileMillis(overheadNanos, 50),
                "overheadP99Ms", percentileMillis(overheadNanos, 99),
                "overheadMaxMs", percentileMillis(overheadNanos, 100),
                "ownP50Ms", percentileMillis(ownNanos, 50),
                "ownP99Ms", percentileMillis(ownNanos, 99),
                "ownMaxMs", percentileMillis(ownNanos, 100))));
    }

    private static void expectLaunched(String output) {
        if (!output.contains("\"result\":\"LAUNCHED\"")) {
            throw new IllegalStateException("push did not launch: " + output);
        }
    }

    /** Nearest-rank percentile. */
    static double percentileMillis(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = Math.max(1, (int) Math.ceil(percentile / 100.0 * sorted.length));
        return Math.round(sorted[rank - 1] / 1_000.0) / 1_000.0;
    }
}
