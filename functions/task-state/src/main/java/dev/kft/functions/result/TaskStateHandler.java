package dev.kft.functions.result;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.core.Deadline;
import dev.kft.core.RetryLaterException;
import dev.kft.launch.TransientLaunchException;
import dev.kft.core.Json;
import dev.kft.core.Metrics;
import dev.kft.lambda.Configured;
import dev.kft.lambda.Environment;
import dev.kft.lambda.LambdaIo;
import dev.kft.lambda.SnapStartPriming;
import dev.kft.result.BuildResultRecorder;
import dev.kft.result.TaskStateChange;
import dev.kft.result.TaskStateEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Optional;

/**
 * TaskStateFunction: an "ECS Task State Change" of the build cluster moves its build in the ledger,
 * and a final state is published and commented on the commit. Thin: parse, call
 * {@link BuildResultRecorder}, write the outcome.
 */
public final class TaskStateHandler implements RequestStreamHandler {
    /** Built once per execution environment (and captured in the SnapStart snapshot). */
    private static final Configured<BuildResultRecorder> DEFAULT_RECORDER =
            Configured.atInit("TaskStateFunction", () -> TaskStateWiring.fromEnvironment(Environment.current()));
    /** A build task's STOPPED event, parsed (not recorded) before the SnapStart snapshot to load the parsing code. */
    static final String PRIMING_EVENT = """
            {"id":"priming","source":"aws.ecs","detail-type":"ECS Task State Change","time":"2026-01-01T00:00:10Z",
             "resources":["arn:aws:ecs:us-east-1:123456789012:task/kft-builds/priming"],
             "detail":{"clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/kft-builds","group":"kft-build",
             "startedBy":"kft/00000000000000000000000000000000/1","lastStatus":"STOPPED","desiredStatus":"STOPPED",
             "stopCode":"EssentialContainerExited","stoppedReason":"Essential container in task exited","version":6,
             "taskArn":"arn:aws:ecs:us-east-1:123456789012:task/kft-builds/priming","createdAt":"2026-01-01T00:00:00Z",
             "startedAt":"2026-01-01T00:00:05Z","stoppedAt":"2026-01-01T00:00:10Z",
             "containers":[{"name":"kaniko","lastStatus":"STOPPED","exitCode":0}]}}""";
    private static final SnapStartPriming PRIMING = DEFAULT_RECORDER.wiring()
            .map(recorder -> SnapStartPriming.register("TaskStateFunction", () -> TaskStateEventParser.parse(
                    Json.parseObject(PRIMING_EVENT), recorder.settings().containerName())))
            .orElse(null);

    private final Configured<BuildResultRecorder> recorder;

    public TaskStateHandler() {
        this.recorder = DEFAULT_RECORDER;
    }

    public TaskStateHandler(BuildResultRecorder recorder) {
        this.recorder = Configured.of("TaskStateFunction", recorder);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaIo.bindLogger(context);
        BuildResultRecorder configured = recorder.orFail();
        Optional<TaskStateChange> change = LambdaIo.readEvent(input, output,
                event -> TaskStateEventParser.parse(event, configured.settings().containerName()), Metrics.standard(), "TaskStateFunction");
        if (change.isPresent()) {
            BuildResultRecorder.TaskEventOutcome outcome;
            try {
                outcome = configured.handle(change.get(), Deadline.in(LambdaIo.budget(context), Clock.systemUTC()));
            } catch (RuntimeException failure) {
                throw RetryLaterException.naming("task event " + change.get().eventId() + " of " + change.get().startedBy()
                        + " (task " + change.get().taskArn() + ")", failure,
                        BuildResultRecorder.RelaunchFailedException.class, TransientLaunchException.class);
            }
            LambdaIo.write(output, outcome.toMap());
        }
    }
}
