package dev.kft.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.core.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fresh JVM playing one PushFunction execution environment: the cold push, then (each after the
 * driver says "next" on stdin, so it can read the proxy's counts between them) a warm push of
 * another commit, to another branch (so it supersedes nothing: what a push costs, not what stopping
 * an older build does), and the same warm event delivered again. One JSON line on stdout per push.
 * Usage: ColdPushRunner <sample event> <series> <number>
 */
public final class ColdPushRunner {
    /** The warm push's branch: no build of it is under way, so the push supersedes nothing. */
    static final String WARM_BRANCH = "bench-warm";

    private ColdPushRunner() {}

    public static void main(String[] args) throws Exception {
        PushEvents events = new PushEvents(Path.of(args[0]));
        long series = Long.parseLong(args[1]);
        long number = Long.parseLong(args[2]);
        BufferedReader driver = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        RequestStreamHandler handler = PushEvents.pushHandler();
        String cold = PushEvents.invoke(handler, events.push(PushEvents.commit(series, number)));
        report("cold", cold, PushEvents.residentKb());
        if (driver.readLine() == null) {
            return; // the driver wants the cold push only
        }
        byte[] warm = events.push(PushEvents.commit(series, number + 1), WARM_BRANCH);
        report("warm", PushEvents.invoke(handler, warm), PushEvents.residentKb());
        if (driver.readLine() == null) {
            return;
        }
        report("duplicate", invokeAsLambda(handler, warm), PushEvents.residentKb());
    }

    /**
     * The copy comes before the task's first state event (no ECS events here): it finds the claim's lease,
     * and its invocation fails for Lambda to deliver again. The failure, Lambda's error shape, is its output.
     */
    private static String invokeAsLambda(RequestStreamHandler handler, byte[] event) throws java.io.IOException {
        try {
            return PushEvents.invoke(handler, event);
        } catch (RuntimeException failed) {
            return Json.write(Map.of("errorType", failed.getClass().getName(), "errorMessage", String.valueOf(failed.getMessage())));
        }
    }

    private static void report(String push, String output, long residentKb) throws java.io.IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("push", push);
        line.put("launched", output.contains("\"result\":\"LAUNCHED\""));
        line.put("rssKb", residentKb);
        line.put("cpuMs", PushEvents.cpuMillis());
        line.put("output", output);
        System.out.println(Json.write(line));
        System.out.flush();
    }
}
