package dev.kft.gate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kft.aws.AwsClients;
import dev.kft.aws.DynamoAllowlist;
import dev.kft.aws.DynamoGateLedger;
import dev.kft.aws.EcrGatedImages;
import dev.kft.aws.EcrScanFindings;
import dev.kft.aws.EventBusPublisher;
import dev.kft.core.Deadline;
import dev.kft.core.Environment;
import dev.kft.core.Json;
import dev.kft.core.LambdaIo;
import dev.kft.core.SnapStartPriming;
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
    private static final ScanGate DEFAULT_GATE = LambdaIo.initOnce(() -> fromEnvironment(Environment.current()));
    /** A basic scan result, parsed (not gated) before the SnapStart snapshot to load the parsing code. */
    static final String PRIMING_EVENT = """
            {"id":"priming","source":"aws.ecr","detail-type":"ECR Image Scan","time":"2026-01-01T00:00:00Z",
             "region":"us-east-1","account":"123456789012",
             "resources":["arn:aws:ecr:us-east-1:123456789012:repository/kft/priming"],
             "detail":{"scan-status":"COMPLETE","repository-name":"kft/priming","image-tags":["000000000000"],
             "image-digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000",
             "finding-severity-counts":{"HIGH":1}}}""";
    private static final SnapStartPriming PRIMING = DEFAULT_GATE == null ? null
            : SnapStartPriming.register("ScanGateFunction", () -> ScanEventParser.parse(Json.parseObject(PRIMING_EVENT)));

    private final ScanGate gate;

    public ScanGateHandler() {
        this(DEFAULT_GATE);
    }

    public ScanGateHandler(ScanGate gate) {
        this.gate = gate;
    }

    /** Wires the use case from environment variables (names in template.yaml and the README). */
    public static ScanGate fromEnvironment(java.util.function.Function<String, String> env) {
        AwsClients aws = AwsClients.fromEnvironment(env);
        EventBusPublisher bus = new EventBusPublisher(aws.eventBridge(), LambdaIo.required(env, "EVENT_BUS_NAME"));
        return new ScanGate(
                GateSettings.fromEnvironment(env),
                new EcrScanFindings(aws.ecr()),
                new DynamoAllowlist(aws.dynamoDb(), LambdaIo.required(env, "ALLOWLIST_TABLE")),
                new EcrGatedImages(aws.ecr()),
                new DynamoGateLedger(aws.dynamoDb(), LambdaIo.required(env, "LEDGER_TABLE")),
                (detail, resources) -> bus.publish(VerdictNotifier.DETAIL_TYPE, detail, resources),
                Clock.systemUTC());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaIo.bindLogger(context);
        ScanGate configured = LambdaIo.configured(gate, "ScanGateFunction");
        Optional<ScanEvent> scan = LambdaIo.readEvent(input, output, ScanEventParser::parse);
        if (scan.isPresent()) {
            LambdaIo.write(output, configured.handle(scan.get(), Deadline.in(LambdaIo.budget(context), Clock.systemUTC())).toMap());
        }
    }
}
