package dev.kft.functions.push;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.core.Json;
import dev.kft.core.Metrics;
import dev.kft.core.RetryLaterException;
import dev.kft.lambda.Configured;
import dev.kft.lambda.Environment;
import dev.kft.lambda.LambdaIo;
import dev.kft.lambda.SnapStartPriming;
import dev.kft.launch.TransientLaunchException;
import dev.kft.push.BuildTrigger;
import dev.kft.push.PushEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Optional;

/**
 * PushFunction: a CodeCommit push (EventBridge event or repository-trigger Records) launches one
 * kaniko build per changed reference. Thin: parse, call {@link BuildTrigger}, write the outcome.
 */
public final class PushHandler implements RequestStreamHandler {
    /** Built once per execution environment (and captured in the SnapStart snapshot). */
    private static final Configured<BuildTrigger> DEFAULT_TRIGGER =
            Configured.atInit("PushFunction", () -> PushWiring.fromEnvironment(Environment.current()));
    /** A push like any other, planned (not launched) before the snapshot to load the parsing and planning code. */
    static final String PRIMING_EVENT = """
            {"id":"priming","source":"aws.codecommit","detail-type":"CodeCommit Repository State Change",
             "time":"2026-01-01T00:00:00Z","region":"us-east-1","detail":{"event":"referenceUpdated",
             "repositoryName":"priming","referenceType":"branch","referenceName":"main","referenceFullName":"refs/heads/main",
             "commitId":"0000000000000000000000000000000000000000"}}""";
    private static final SnapStartPriming PRIMING = DEFAULT_TRIGGER.wiring()
            .map(trigger -> SnapStartPriming.register("PushFunction",
                    () -> trigger.plan(PushEventParser.parse(Json.parseObject(PRIMING_EVENT)))))
            .orElse(null);

    private final Configured<BuildTrigger> trigger;

    public PushHandler() {
        this.trigger = DEFAULT_TRIGGER;
    }

    public PushHandler(BuildTrigger trigger) {
        this.trigger = Configured.of("PushFunction", trigger);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaIo.bindLogger(context);
        BuildTrigger configured = trigger.orFail();
        Optional<PushEventParser.Parsed> push = LambdaIo.readEvent(input, output, PushEventParser::parse, Metrics.standard(), "PushFunction");
        if (push.isEmpty()) {
            return;
        }
        BuildTrigger.PushOutcome outcome;
        try {
            outcome = configured.handle(push.get(), Deadline.in(LambdaIo.budget(context), Clock.systemUTC()));
        } catch (RuntimeException failure) {
            throw RetryLaterException.naming("push of " + push.get().changes().stream()
                    .map(c -> c.describe() + " (build " + BuildId.of(c.repository(), String.valueOf(c.commitId())) + ")").toList(),
                    failure, TransientLaunchException.class);
        }
        if (outcome.failed()) {
            // Fail the invocation: Lambda retries it, then hands it to the failure destination.
            throw new BuildLaunchException("not every build launched: " + Json.write(outcome.toMap()));
        }
        LambdaIo.write(output, outcome.toMap());
    }

    /** Thrown so the invocation fails and the event is retried, then dead-lettered. */
    public static final class BuildLaunchException extends RuntimeException {
        public BuildLaunchException(String message) {
            super(message);
        }
    }
}
