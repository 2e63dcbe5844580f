package dev.kft.local;

import dev.kft.result.LogLinks;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * On the emulator nothing runs kaniko, so nothing writes its log: this writes lines where the task
 * definition's awslogs driver would, the stream {@code build/kaniko/<task id>} in the kaniko log
 * group, so {@code bin/kft builds logs} has something to show. The demo (and tests) call it as
 * their kaniko stand-in's output.
 */
public final class KanikoLogStandIn {
    private KanikoLogStandIn() {}

    /** Appends {@code lines} to the task's stream, creating the group and stream when missing. */
    public static void write(CloudWatchLogsClient logs, String logGroup, String taskArn, List<String> lines) {
        write(logs, logGroup, "kaniko", taskArn, lines, Clock.systemUTC());
    }

    public static void write(CloudWatchLogsClient logs, String logGroup, String containerName, String taskArn, List<String> lines,
                             Clock clock) {
        String stream = LogLinks.streamName(containerName, taskArn.substring(taskArn.lastIndexOf('/') + 1));
        try {
            logs.createLogGroup(r -> r.logGroupName(logGroup));
        } catch (ResourceAlreadyExistsException exists) {
            // written to before
        }
        try {
            logs.createLogStream(r -> r.logGroupName(logGroup).logStreamName(stream));
        } catch (ResourceAlreadyExistsException exists) {
            // written to before
        }
        long now = clock.millis();
        List<InputLogEvent> events = IntStream.range(0, lines.size())
                .mapToObj(i -> InputLogEvent.builder().timestamp(now + i).message(lines.get(i)).build()).toList();
        if (!events.isEmpty()) {
            logs.putLogEvents(r -> r.logGroupName(logGroup).logStreamName(stream).logEvents(events));
        }
    }
}
