package dev.kft.functions.gate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.core.Deadline;
import dev.kft.core.RetryLaterException;
import dev.kft.core.Json;
import dev.kft.core.Metrics;
import dev.kft.gate.ScanEvent;
import dev.kft.gate.ScanEventParser;
import dev.kft.gate.ScanGate;
import dev.kft.lambda.Configured;
import dev.kft.lambda.Environment;
import dev.kft.lambda.LambdaIo;
import dev.kft.lambda.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Optional;

/**
 * ScanGateFunction: an ECR basic or Inspector enhanced scan result decides whether the image may
 * be deployed. Thin: parse, call {@link ScanGate}, write the outcome.
 */
public final class ScanGateHandler implements RequestStreamHandler {
    /** Built once per execution environment (and captured in the SnapStart snapshot). */
    private static final Configured<ScanGate> DEFAULT_GATE =
            Configured.atInit("ScanGateFunction", () -> ScanGateWiring.fromEnvironment(Environment.current()));
    /** A basic scan result, parsed (not gated) before the SnapStart snapshot to load the parsing code. */
    static final String PRIMING_EVENT = """
            {"id":"priming","source":"aws.ecr","detail-type":"ECR Image Scan","time":"2026-01-01T00:00:00Z",
             "region":"us-east-1","account":"123456789012",
             "resources":["arn:aws:ecr:us-east-1:123456789012:repository/kft/priming"],
             "detail":{"scan-status":"COMPLETE","repository-name":"kft/priming","image-tags":["000000000000"],
             "image-digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000",
             "finding-severity-counts":{"HIGH":1}}}""";
    private static final SnapStartPriming PRIMING = DEFAULT_GATE.wiring()
            .map(gate -> SnapStartPriming.register("ScanGateFunction", () -> ScanEventParser.parse(Json.parseObject(PRIMING_EVENT))))
            .orElse(null);

    private final Configured<ScanGate> gate;

    public ScanGateHandler() {
        this.gate = DEFAULT_GATE;
    }

    public ScanGateHandler(ScanGate gate) {
        this.gate = Configured.of("ScanGateFunction", gate);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaIo.bindLogger(context);
        ScanGate configured = gate.orFail();
        Optional<ScanEvent> scan = LambdaIo.readEvent(input, output, ScanEventParser::parse, Metrics.standard(), "ScanGateFunction");
        if (scan.isPresent()) {
            ScanGate.GateOutcome outcome;
            try {
                outcome = configured.handle(scan.get(), Deadline.in(LambdaIo.budget(context), Clock.systemUTC()));
            } catch (RuntimeException failure) {
                throw RetryLaterException.naming("scan event " + scan.get().eventId() + " of " + scan.get().imageRepository() + "@"
                        + scan.get().imageDigest(), failure, ScanGate.GateBusyException.class);
            }
            LambdaIo.write(output, outcome.toMap());
        }
    }
}
