package dev.kft.local;

import dev.kft.aws.AwsClients;
import dev.kft.aws.EventBusPublisher;
import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.core.ScanVerdict;
import dev.kft.gate.GateAction;
import dev.kft.result.BuildEventDetail;
import dev.kft.result.BuildStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ImageScanFindings;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code bin/kft demo}: the whole flow on a fresh moto_server, told as a timeline. Every function
 * runs through the local invoke path with stack-up's environment, on the files in {@code events/}
 * adapted to what the emulator returned ({@link DemoEvents}). Each step acts, then checks in the
 * emulator that what should have happened did; the demo succeeds only if every step did.
 */
public final class Demo {
    /** The second push: a later commit on the same branch, whose image scans clean. */
    static final String CLEAN_COMMIT = "b7e3d9a1c5f2048e6a9d3b1c7f5e2a8d4c0b6e19";
    private static final String PUSH_EVENT = "push-branch.json";
    /** How long the demo waits for an event rule to deliver (moto delivers as the event is put). */
    private static final Duration DELIVERY = Duration.ofSeconds(5);

    private final Path home;
    private final Region region;
    private final PrintStream out;
    private final Instant start = Instant.now();

    // What earlier steps set up or learned, for later ones.
    private MotoProcess moto;
    private LocalAws aws;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private EcsClient ecs;
    private DynamoDbClient dynamo;
    private DemoLedger ledger;
    private SqsClient sqs;
    private DemoImages images;
    private DemoEvents events;
    private LocalInvoke invoke;
    private LocalStack stack;
    private String buildResultsQueue;
    private PrintStream invokeLogs;
    private final DemoBuild first = new DemoBuild();
    private final DemoBuild second = new DemoBuild();

    /** @param home the project directory (template.yaml, events/, target/) */
    public Demo(Path home, Region region, PrintStream out) {
        this.home = home;
        this.region = region;
        this.out = out;
    }

    /** One step of the story: does its part and checks the outcome. */
    private record Step(String title, Action action) {}

    @FunctionalInterface
    private interface Action {
        /** Lines describing what happened; throws when the outcome is not what it should be. */
        List<String> run() throws Exception;
    }

    private List<Step> story() {
        return List.of(
                new Step("emulator", this::startEmulator),
                new Step("stack up", this::stackUp),
                new Step("push", () -> push(first, events.push(PUSH_EVENT, Instant.now()))),
                new Step("build launched", () -> buildLaunched(first)),
                new Step("task running", () -> taskRunning(first)),
                new Step("kaniko pushes the image", () -> imagePushed(first)),
                new Step("task stopped, exit 0", () -> taskStopped(first)),
                new Step("scan finds HIGH", () -> scanned(first, "scan-basic-dirty.json", "DIRTY")),
                new Step("gate acts, security notified", () -> flagged(first)),
                new Step("second push, clean commit", () -> push(second,
                        events.push(PUSH_EVENT, CLEAN_COMMIT, first.commitId(), Instant.now()))),
                new Step("build 2 launched", () -> buildLaunched(second)),
                new Step("build 2 task running", () -> taskRunning(second)),
                new Step("kaniko pushes image 2", () -> imagePushed(second)),
                new Step("build 2 stopped, exit 0", () -> taskStopped(second)),
                new Step("scan finds nothing", () -> cleanScan(second)),
                new Step("clean image promoted", () -> promoted(second)),
                new Step("ledger", this::ledger));
    }

    /** Runs the story; true when every step did what it should. moto_server is stopped in every case. */
    public boolean run() throws IOException {
        Path functionLog = home.resolve("target/kft/demo-functions.log");
        Files.createDirectories(functionLog.getParent());
        out.println("kft demo: push -> build -> result -> scan gate, on a local AWS emulator (no Docker, no AWS account)");
        out.println();
        int done = 0;
        String failed = null;
        try (OutputStream logFile = Files.newOutputStream(functionLog);
             PrintStream logs = new PrintStream(logFile, true, StandardCharsets.UTF_8)) {
            this.invokeLogs = logs;
            for (Step step : story()) {
                if (failed != null) {
                    line("skip", step.title(), List.of("an earlier step failed"));
                    continue;
                }
                try {
                    line("ok", step.title(), step.action().run());
                    done++;
                } catch (AssertionError | IllegalStateException e) {
                    // A check that failed, or a missing tool (moto_server): the message says it all.
                    line("FAIL", step.title(), List.of(String.valueOf(e.getMessage())));
                    failed = step.title();
                } catch (Exception e) {
                    line("FAIL", step.title(), List.of(e.toString()));
                    failed = step.title();
                }
            }
        } finally {
            closeClients();
            if (moto != null) {
                moto.close();
                out.println();
                out.println("moto_server stopped.");
            }
        }
        out.println("function logs: " + home.relativize(functionLog));
        out.println(failed == null
                ? "demo: all " + done + " steps did what they should."
                : "demo FAILED at \"" + failed + "\" (" + done + " steps done before it).");
        return failed == null;
    }

    private void line(String status, String title, List<String> lines) {
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        String indent = " ".repeat(45);
        out.printf("%6.1fs  %-4s  %-28s  %s%n", seconds, status, title, lines.isEmpty() ? "" : lines.get(0));
        lines.stream().skip(1).forEach(l -> out.println(indent + l));
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private List<String> startEmulator() throws Exception {
        moto = MotoProcess.start();
        aws = new LocalAws(region, moto.endpoint());
        aws.pointSdkAtEmulator(name -> null);
        AwsClients factory = aws.clients();
        ecs = open(factory.build(EcsClient.builder()));
        dynamo = open(factory.build(DynamoDbClient.builder()));
        sqs = open(factory.build(SqsClient.builder()));
        EcrClient ecr = open(factory.build(EcrClient.builder()));
        images = new DemoImages(ecr, moto.endpoint(), region.id());
        events = new DemoEvents(home.resolve("events"), ecr.describeRegistry(r -> { }).registryId(), region.id());
        return List.of("moto_server on " + moto.endpoint());
    }

    private List<String> stackUp() {
        Template template = Template.load(home.resolve("template.yaml"));
        stack = new StackUp(template, aws).run(StackUp.DEFAULT_STACK_NAME);
        check(stack.unresolved().isEmpty(), "variables without a value: " + stack.unresolved());
        invoke = new LocalInvoke(template, aws, invokeLogs);
        ledger = new DemoLedger(dynamo, stack.ledgerTable());
        // What a subscriber of the build events would get: the demo's own rule and queue on the stack's bus.
        try (EventBridgeClient bus = aws.clients().build(EventBridgeClient.builder())) {
            buildResultsQueue = BusQueues.route(bus, sqs, stack.eventBus(), stack.name() + "-demo-build-results",
                    Json.write(Map.of("source", List.of(EventBusPublisher.SOURCE),
                            "detail-type", List.of(BuildEventDetail.SUCCEEDED, BuildEventDetail.FAILED))));
        }
        return List.of(
                "stack " + stack.name() + ": cluster " + stack.cluster() + ", task definition "
                        + stack.taskDefinitionArn().substring(stack.taskDefinitionArn().lastIndexOf('/') + 1),
                "ledger " + stack.ledgerTable() + ", bus " + stack.eventBus() + ", cache " + stack.cacheRepository()
                        + ", subnet " + stack.subnetId(),
                "security team's email: SQS queue " + stack.securityNotificationQueueUrl(),
                "build results watched on SQS queue " + buildResultsQueue);
    }

    private List<String> push(DemoBuild build, Map<String, Object> event) {
        Map<String, Object> result = invoke("PushFunction", event);
        List<Map<String, Object>> builds = JsonFields.objects(result, "builds");
        check(builds.size() == 1, "one build expected, result: " + Json.write(result));
        build.launched(builds.get(0));
        check("LAUNCHED".equals(build.launched().get("result")), "build not launched: " + build.launched());
        return List.of("PushFunction events/" + PUSH_EVENT + ": " + build.launched().get("repository") + " "
                + build.launched().get("ref") + " @ " + build.commitId().substring(0, 12) + " -> build " + build.buildId() + " LAUNCHED");
    }

    private List<String> buildLaunched(DemoBuild build) {
        List<Task> tasks = ecs.describeTasks(r -> r.cluster(stack.cluster()).tasks(build.taskArn())).tasks();
        check(tasks.size() == 1, "ECS has no task " + build.taskArn());
        Task task = tasks.get(0);
        build.task(task);
        check(build.startedBy().equals(task.startedBy()), "startedBy " + task.startedBy());
        check(build.kanikoArgs().equals(task.overrides().containerOverrides().get(0).command()),
                "the task's command is not the kaniko arguments of the result");
        DemoLedger.Item item = ledger.build(build.id());
        check(item.status() == BuildStatus.QUEUED && build.taskArn().equals(item.text(LedgerItemCodec.TASK_ARN)),
                "ledger item " + item);
        build.ledgerItem(item);
        List<String> lines = new ArrayList<>();
        lines.add("ECS task " + build.taskId() + " (" + task.launchType() + ", startedBy " + task.startedBy()
                + "), ledger QUEUED; kaniko arguments:");
        build.kanikoArgs().forEach(arg -> lines.add("  " + arg));
        return lines;
    }

    private List<String> taskRunning(DemoBuild build) {
        build.started(Instant.now());
        Map<String, Object> event = events.taskState("task-running.json", build.task(), build.times(null), Instant.now());
        Map<String, Object> outcome = invoke("TaskStateFunction", event);
        check("ADVANCED".equals(outcome.get("result")) && "RUNNING".equals(outcome.get("status")), "TaskStateFunction: " + outcome);
        DemoLedger.Item item = ledger.build(build.id());
        Object version = JsonFields.at(event, "detail", "version");
        check(item.status() == BuildStatus.RUNNING && String.valueOf(version).equals(item.number(LedgerItemCodec.TASK_VERSION)),
                "ledger item " + item);
        return List.of("TaskStateFunction events/task-running.json (startedBy " + build.startedBy() + ", version " + version
                + "): ledger RUNNING");
    }

    /** kaniko's push: the image goes to the --destination the build gave it; ECR starts its scan on push. */
    private List<String> imagePushed(DemoBuild build) {
        String destination = build.kanikoArgs().stream().filter(a -> a.startsWith("--destination=")).findFirst().orElseThrow()
                .substring("--destination=".length());
        String repository = destination.substring(destination.indexOf('/') + 1, destination.lastIndexOf(':'));
        String tag = destination.substring(destination.lastIndexOf(':') + 1);
        check(repository.equals(build.imageRepository()) && tag.equals(build.commitTag()),
                "--destination " + destination + " is not the ledger's " + build.imageRepository() + ":" + build.commitTag());
        build.digest(images.push(repository, tag, build.commitId()));
        check(images.scansOnPush(repository), repository + " does not scan on push");
        images.startScan(repository, build.digest());
        return List.of(repository + ":" + tag + " " + DemoLedger.shortDigest(build.digest())
                + " (PutImage of an OCI manifest, as kaniko's push); ECR scan on push started");
    }

    private List<String> taskStopped(DemoBuild build) {
        // moto's tasks never end by themselves: StopTask stands for kaniko's exit.
        Task stopped = ecs.stopTask(r -> r.cluster(stack.cluster()).task(build.taskArn()).reason("kaniko exited")).task();
        check("STOPPED".equals(stopped.lastStatus()), "ECS task " + build.taskId() + " is " + stopped.lastStatus());
        Instant stoppedAt = Instant.now();
        Map<String, Object> event = events.taskState("task-stopped-exit0.json", build.task(), build.times(stoppedAt), stoppedAt);
        Map<String, Object> outcome = invoke("TaskStateFunction", event);
        check("FINISHED".equals(outcome.get("result")) && "SUCCEEDED".equals(outcome.get("status")), "TaskStateFunction: " + outcome);
        DemoLedger.Item item = ledger.build(build.id());
        check(item.status() == BuildStatus.SUCCEEDED && build.digest().equals(item.text(LedgerItemCodec.IMAGE_DIGEST))
                && "0".equals(item.number(LedgerItemCodec.EXIT_CODE)) && item.has(LedgerItemCodec.RESULT_PUBLISHED_AT),
                "ledger item " + item);
        Map<String, Object> result = onlyEvent(buildResultsQueue, "build result");
        check(BuildEventDetail.SUCCEEDED.equals(result.get("detail-type"))
                && build.buildId().equals(JsonFields.text(result, "detail", "buildId"))
                && build.digest().equals(JsonFields.text(result, "detail", "imageDigest")), "result event " + Json.write(result));
        return List.of(
                "TaskStateFunction events/task-stopped-exit0.json (version " + JsonFields.at(event, "detail", "version")
                        + ", kaniko exit 0): ledger SUCCEEDED, digest " + DemoLedger.shortDigest(item.text(LedgerItemCodec.IMAGE_DIGEST))
                        + " (looked up by the commit tag)",
                "ledger timings (ms): queued " + item.number(LedgerItemCodec.QUEUED_MILLIS) + ", provisioning "
                        + item.number(LedgerItemCodec.PROVISIONING_MILLIS) + ", building " + item.number(LedgerItemCodec.BUILDING_MILLIS)
                        + ", total " + item.number(LedgerItemCodec.TOTAL_MILLIS),
                "bus: \"" + result.get("detail-type") + "\" for build " + build.buildId() + ", imageDigest "
                        + DemoLedger.shortDigest(JsonFields.text(result, "detail", "imageDigest")) + ", tags "
                        + Json.write(JsonFields.object(result, "detail", "tags")),
                commitComment(item));
    }

    /** CodeCommit's GetCommit and PostCommentForComparedCommit are not in moto: the ledger records why there is no comment. */
    private static String commitComment(DemoLedger.Item item) {
        if (item.has(LedgerItemCodec.COMMENT_ID)) {
            return "commit comment " + item.text(LedgerItemCodec.COMMENT_ID) + " posted";
        }
        check(item.has(LedgerItemCodec.COMMENT_ERROR), "the ledger has neither a comment nor why it failed: " + item);
        String error = item.text(LedgerItemCodec.COMMENT_ERROR);
        return "commit comment: not available on the emulator (moto has no CodeCommit GetCommit or comments);"
                + " the build record stands, commentError = " + (error.length() > 60 ? error.substring(0, 60) + "..." : error);
    }

    /** The scan ECR started on push completes; its event, with the counts the scan reported, goes to ScanGateFunction. */
    private List<String> scanned(DemoBuild build, String file, String verdict) {
        ImageScanFindings findings = images.findings(build.imageRepository(), build.digest());
        Map<String, Integer> counts = findings.findingSeverityCountsAsStrings();
        List<String> tags = images.tags(build.imageRepository(), build.digest());
        Map<String, Object> event = events.scan(file, build.imageRepository(), build.digest(), tags, counts, Instant.now());
        Map<String, Object> outcome = invoke("ScanGateFunction", event);
        check("GATED".equals(outcome.get("result")) && verdict.equals(outcome.get("verdict")), "ScanGateFunction: " + outcome);
        List<String> lines = new ArrayList<>();
        lines.add("ECR scan of " + build.imageRepository() + "@" + DemoLedger.shortDigest(build.digest())
                + " COMPLETE, finding-severity-counts " + Json.write(counts));
        findings.findings().stream().map(Demo::finding).forEach(lines::add);
        lines.add("ScanGateFunction events/" + file + ": verdict " + outcome.get("verdict") + ", action " + outcome.get("action")
                + " (" + outcome.get("reason") + ")");
        return lines;
    }

    private static String finding(ImageScanFinding finding) {
        Map<String, String> attributes = new HashMap<>();
        finding.attributes().forEach(a -> attributes.put(a.key(), a.value()));
        return "  " + finding.name() + " " + finding.severityAsString() + " in " + attributes.get("package_name") + " "
                + attributes.get("package_version") + " (moto's stand-in finding)";
    }

    private List<String> flagged(DemoBuild build) {
        List<String> tags = images.tags(build.imageRepository(), build.digest());
        check(tags.equals(List.of(build.commitTag())), "the dirty image has tags " + tags);
        DemoLedger.Item item = ledger.build(build.id());
        check(item.scanVerdict().equals(Optional.of(ScanVerdict.DIRTY)) && item.scanAction().equals(Optional.of(GateAction.FLAG)),
                "ledger item " + item);
        Map<String, Object> mail = onlyEvent(stack.securityNotificationQueueUrl(), "security notification");
        check("DIRTY".equals(JsonFields.text(mail, "detail", "verdict"))
                && build.digest().equals(JsonFields.text(mail, "detail", "imageDigest")), "notification " + Json.write(mail));
        List<String> lines = new ArrayList<>();
        lines.add("ECR: " + build.imageRepository() + "@" + DemoLedger.shortDigest(build.digest()) + " keeps only its commit tag " + tags
                + "; its deploy tags " + build.deployTags() + " are not added");
        lines.add("ledger: scanVerdict DIRTY, scanAction FLAG");
        lines.add("security team's mail (ScanVerdictMailRule -> SQS stand-in for the email), its detail.text:");
        JsonFields.requireText(mail, "detail", "text").lines().forEach(l -> lines.add("  |" + (l.isEmpty() ? "" : " " + l)));
        return lines;
    }

    /** moto reports its fake HIGH finding for every image: told otherwise, it reports this one clean, as ECR would. */
    private List<String> cleanScan(DemoBuild build) throws IOException {
        images.reportNoFindings(events.account(), build.imageRepository(), build.digest());
        List<String> lines = new ArrayList<>();
        lines.add("moto's scanner set to find nothing in this image (moto-api scan-finding-results)");
        lines.addAll(scanned(build, "scan-basic-clean.json", "CLEAN"));
        return lines;
    }

    private List<String> promoted(DemoBuild build) {
        for (String tag : build.deployTags()) {
            String digest = images.digestOf(build.imageRepository(), tag);
            check(build.digest().equals(digest), tag + " points at " + digest + ", not at the clean image " + build.digest());
        }
        check(images.tags(first.imageRepository(), first.digest()).equals(List.of(first.commitTag())), "the dirty image gained tags");
        DemoLedger.Item item = ledger.build(build.id());
        check(item.scanVerdict().equals(Optional.of(ScanVerdict.CLEAN)) && item.scanAction().equals(Optional.of(GateAction.PROMOTE)),
                "ledger item " + item);
        List<Map<String, Object>> mails = BusQueues.receiveAll(sqs, stack.securityNotificationQueueUrl(), Duration.ZERO);
        check(mails.isEmpty(), "a clean verdict was mailed: " + Json.write(mails));
        return List.of("ECR: " + String.join(", ", build.deployTags()) + " -> " + build.imageRepository() + "@"
                        + DemoLedger.shortDigest(build.digest()) + " (" + build.commitTag() + "), as DescribeImages reports them",
                "ledger: scanVerdict CLEAN, scanAction PROMOTE; the dirty image still has only " + first.commitTag(),
                "no mail: the mail rule takes DIRTY and UNSCANNED verdicts only");
    }

    private List<String> ledger() {
        List<DemoLedger.Item> builds = ledger.builds();
        for (DemoBuild build : List.of(first, second)) {
            check(builds.stream().anyMatch(i -> i.text(LedgerItemCodec.BUILD_ID).equals(build.buildId())
                            && i.status() == BuildStatus.SUCCEEDED && build.digest().equals(i.text(LedgerItemCodec.IMAGE_DIGEST))),
                    "the ledger has no SUCCEEDED item of build " + build.buildId() + " with digest " + build.digest());
        }
        List<String> lines = new ArrayList<>(List.of(builds.size() + " builds in table " + stack.ledgerTable() + " (oldest first):"));
        lines.addAll(DemoLedger.rows(builds));
        return lines;
    }

    /** Invokes a function with an event through the local invoke path, with stack-up's environment; its result. */
    private Map<String, Object> invoke(String functionId, Map<String, Object> event) {
        LocalInvoke.InvokeResult result = invoke.invoke(functionId, DemoEvents.bytes(event), stack.envVars());
        check(!result.failed(), functionId + " threw " + result.error());
        return Json.parseObject(result.output());
    }

    /** The one event a rule delivered to {@code queueUrl}. */
    private Map<String, Object> onlyEvent(String queueUrl, String what) {
        List<Map<String, Object>> received = BusQueues.receiveAll(sqs, queueUrl, DELIVERY);
        check(received.size() == 1, "one " + what + " expected, received " + received.size() + ": " + Json.write(received));
        return received.get(0);
    }

    private <T extends AutoCloseable> T open(T client) {
        clients.add(client);
        return client;
    }

    private void closeClients() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                out.println("closing an SDK client: " + e);
            }
        }
    }
}
