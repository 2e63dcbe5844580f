package dev.kft.result;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links to the CloudWatch Logs console. */
public final class LogLinks {
    /** The task definition's {@code awslogs-stream-prefix}: streams are {@code build/<container>/<task id>}. */
    static final String STREAM_PREFIX = "build";

    private LogLinks() {}

    /** The log stream the awslogs driver writes a task's container output to. */
    public static String streamName(String containerName, String taskId) {
        return STREAM_PREFIX + "/" + containerName + "/" + taskId;
    }

    /** The console page of one log stream. */
    public static String logStream(String region, String logGroup, String stream) {
        return "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region
                + "#logsV2:log-groups/log-group/" + consoleEncoded(logGroup) + "/log-events/" + consoleEncoded(stream);
    }

    /**
     * The console's own encoding of names inside its URL fragment: percent-encoded twice, then '%'
     * written as '$' ({@code /} becomes {@code $252F}).
     */
    static String consoleEncoded(String name) {
        return percentEncoded(percentEncoded(name)).replace("%", "$");
    }

    /** URL encoding with spaces as %20 (URLEncoder writes form encoding, where a space is '+'). */
    private static String percentEncoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
