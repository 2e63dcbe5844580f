package dev.kft.local;

import dev.kft.aws.AwsClients;
import dev.kft.aws.EventBusPublisher;
import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import dev.kft.result.BuildEventDetail;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ImageScanFindings;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The demo's story on an emulator, as one list of steps: push, launch, task running, kaniko's push,
 * task stopped with exit 0, a dirty scan flagged and mailed, a second (clean) image promoted, the
 * ledger. Each step acts on the emulator and records what it observed: facts to show, and
 * expectations (what should be, what is). {@link Demo} prints them as {@code bin/kft demo}'s
 * timeline, a step's facts when its expectations hold and the unmet ones when not; the integration
 * test KftDemoIT runs {@code bin/kft demo} and holds each step to them. Every function runs on the files in
 * {@code events/}, adapted to what the emulator returned ({@link DemoEvents}). moto has no CodeCommit
 * reads or comments, so the story's repository is a real git repository in a temporary directory,
 * served by a {@link LocalCodeCommit}; the pushes name its commits.
 */
final class DemoScenario implements AutoCloseable {
    private static final String PUSH_EVENT = "push-branch.json";
    /** The repository events/push-branch.json names. */
    private static final String REPOSITORY = "payments-api";
    /** A Dockerfile the default Dockerfile policy has nothing to say about. */
    private static final String DOCKERFILE = "FROM public.ecr.aws/docker/library/alpine:3.20\nUSER 65532\n";
    /** A monorepo with two images, each rebuilt only when its own files (or the shared library) change. */
    private static final String MONOREPO = "shop-monorepo";
    private static final String MONOREPO_CONFIG = """
            version: 1
            images:
              - name: api
                context: services/api
                paths: ["services/api/**", "libs/common/**"]
              - name: worker
                context: services/worker
                platform: linux/arm64
                paths: ["services/worker/**", "libs/common/**"]
            """;
    /** How long a step waits for an event rule to deliver (moto delivers as the event is put). */
    private static final Duration DELIVERY = Duration.ofSeconds(5);

    /** How the story's functions run: {@code bin/kft demo} runs them through the local invoke path. */
    @FunctionalInterface
    interface Functions {
        /** What the function's handler wrote for {@code event}, or what it threw, with the stack's env-vars. */
        LocalInvoke.InvokeResult invoke(LocalAws aws, String functionId, byte[] event, Map<String, Map<String, String>> envVars);
    }

    /** One step of the story: what it does, and what it saw. */
    record Step(String title, Action action) {
        /** Does the step; what it saw. Throws when it could not act at all (the emulator missing, a function throwing). */
        Observation observe() throws Exception {
            Observation seen = new Observation();
            action.run(seen);
            return seen;
        }
    }

    @FunctionalInterface
    interface Action {
        void run(Observation seen) throws Exception;
    }

    /** Something a step checks: the value it should find, and the one it found. */
    record Expectation(String what, Object expected, Object actual) {
        boolean met() {
            return Objects.equals(expected, actual);
        }

        @Override
        public String toString() {
            return what + ": expected " + expected + ", was " + actual;
        }
    }

    /** What a step saw: facts to show, and the expectations it checked. */
    static final class Observation {
        private final List<String> facts = new ArrayList<>();
        private final List<Expectation> expectations = new ArrayList<>();

        /** Records an expectation; true when it is met, so a step can stop where going on makes no sense. */
        boolean expect(String what, Object expected, Object actual) {
            Expectation expectation = new Expectation(what, expected, actual);
            expectations.add(expectation);
            return expectation.met();
        }

        void fact(String line) {
            facts.add(line);
        }

        List<String> facts() {
            return List.copyOf(facts);
        }

        List<Expectation> expectations() {
            return List.copyOf(expectations);
        }

        List<Expectation> unmet() {
            return expectations.stream().filter(e -> !e.met()).toList();
        }
    }

    private final Path home;
    private final Region region;
    private final String stackName;
    private final Callable<URI> emulator;
    private final Functions functions;
    private final List<AutoCloseable> clients = new ArrayList<>();

    // What earlier steps set up or learned, for later ones.
    private LocalAws aws;
    private EcsClient ecs;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private EcrClient ecr;
    private CloudWatchLogsClient logs;
    /** The monorepo's api build that a newer api commit supersedes. */
    private Map<String, Object> apiBuild;
    private DemoImages images;
    private DemoEvents events;
    private DemoLedger ledger;
    private LocalStack stack;
    private String buildResultsQueue;
    private final DemoBuild first = new DemoBuild();
    private final DemoBuild second = new DemoBuild();
    private Path sourceDirectory;
    /** The second repository: a monorepo whose .kft.yaml builds two images. */
    private GitRepository monorepo;
    private String monorepoHead;
    private LocalCodeCommit codeCommit;
    /** The repository's commits: before the first push, the first push (its image scans dirty), the second (clean). */
    private String baseCommit;
    private String firstCommit;
    private String secondCommit;

    /**
     * @param home      the project directory (template.yaml, events/)
     * @param stackName names the stack's resources (several stacks can share one emulator)
     * @param emulator  gives the emulator's endpoint, starting it if need be
     */
    DemoScenario(Path home, Region region, String stackName, Callable<URI> emulator, Functions functions) {
        this.home = home;
        this.region = region;
        this.stackName = stackName;
        this.emulator = emulator;
        this.functions = functions;
    }

    /** The story, in order; each step relies on the ones before it. */
    List<Step> steps() {
        return List.of(
                new Step("emulator", this::emulator),
                new Step("stack up", this::stackUp),
                new Step("source repository", this::sourceRepository),
                new Step("push", seen -> push(seen, first, events.push(PUSH_EVENT, firstCommit, baseCommit, Instant.now()))),
                new Step("build launched", seen -> buildLaunched(seen, first)),
                new Step("task running", seen -> taskRunning(seen, first)),
                new Step("kaniko pushes the image", seen -> imagePushed(seen, first)),
                new Step("task stopped, exit 0", seen -> taskStopped(seen, first)),
                new Step("scan finds HIGH", seen -> scanned(seen, first, "scan-basic-dirty.json", "DIRTY", "FLAG")),
                new Step("gate acts, security notified", seen -> flagged(seen, first)),
                new Step("second push, clean commit", seen -> push(seen, second,
                        events.push(PUSH_EVENT, secondCommit, firstCommit, Instant.now()))),
                new Step("build 2 launched", seen -> buildLaunched(seen, second)),
                new Step("build 2 task running", seen -> taskRunning(seen, second)),
                new Step("kaniko pushes image 2", seen -> imagePushed(seen, second)),
                new Step("build 2 stopped, exit 0", seen -> taskStopped(seen, second)),
                new Step("scan finds nothing", seen -> cleanScan(seen, second)),
                new Step("clean image promoted", seen -> promoted(seen, second)),
                new Step("ledger", this::ledger),
                new Step("monorepo: only api changed", this::monorepoApiOnly),
                new Step("monorepo: newer api supersedes", this::monorepoSupersede),
                new Step("monorepo: Docker Hub base, WARN", this::monorepoDockerHubBase),
                new Step("monorepo: broken .kft.yaml", this::monorepoBrokenConfiguration),
                new Step("bin/kft builds", this::buildsCommands));
    }

    private void emulator(Observation seen) throws Exception {
        aws = new LocalAws(region, emulator.call());
        aws.pointSdkAtEmulator(name -> null);
        AwsClients factory = aws.clients();
        ecs = open(factory.build(EcsClient.builder()));
        dynamo = open(factory.build(DynamoDbClient.builder()));
        sqs = open(factory.build(SqsClient.builder()));
        ecr = open(factory.build(EcrClient.builder()));
        logs = open(factory.build(CloudWatchLogsClient.builder()));
        seen.fact("moto_server on " + aws.endpoint());
    }

    private void stackUp(Observation seen) {
        stack = new StackUp(Template.load(home.resolve("template.yaml")), aws).run(stackName);
        seen.expect("stack-up's variables without a value", Map.of(), stack.unresolved());
        events = new DemoEvents(home.resolve("events"), ecr.describeRegistry(r -> { }).registryId(), region.id());
        images = new DemoImages(ecr, stack.imageRepositories(), aws.endpoint(), region.id());
        ledger = new DemoLedger(dynamo, stack.ledgerTable());
        // What a subscriber of the build events would get: the demo's own rule and queue on the stack's bus.
        try (EventBridgeClient bus = aws.clients().build(EventBridgeClient.builder())) {
            buildResultsQueue = BusQueues.route(bus, sqs, stack.eventBus(), stack.name() + "-demo-build-results",
                    Json.write(Map.of("source", List.of(EventBusPublisher.SOURCE),
                            "detail-type", List.of(BuildEventDetail.SUCCEEDED, BuildEventDetail.FAILED))));
        }
        seen.fact("stack " + stack.name() + ": cluster " + stack.cluster() + ", task definition "
                + stack.taskDefinitionArn().substring(stack.taskDefinitionArn().lastIndexOf('/') + 1));
        seen.fact("ledger " + stack.ledgerTable() + ", bus " + stack.eventBus() + ", cache " + stack.cacheRepository()
                + ", subnet " + stack.subnetId());
        seen.fact("security team's email: SQS queue " + stack.securityNotificationQueueUrl());
        seen.fact("build results watched on SQS queue " + buildResultsQueue);
    }

    /**
     * The pushed repository: a git repository with three commits, served as CodeCommit repository
     * payments-api; from now on every CodeCommit client of this JVM (the functions') goes there.
     */
    private void sourceRepository(Observation seen) throws IOException {
        sourceDirectory = Files.createTempDirectory("kft-demo-source");
        GitRepository git = GitRepository.init(sourceDirectory.resolve(REPOSITORY));
        baseCommit = git.commit("Payments API", Map.of("Dockerfile", DOCKERFILE, "src/payments.txt", "payments\n"));
        firstCommit = git.commit("Retry card payments on timeouts", Map.of("src/retry.txt", "retry on timeouts\n"));
        secondCommit = git.commit("Upgrade the base image", Map.of("src/retry.txt", "retry on timeouts, twice\n"));
        monorepo = GitRepository.init(sourceDirectory.resolve(MONOREPO));
        monorepoHead = monorepo.commit("Shop: api and worker", Map.of(
                ".kft.yaml", MONOREPO_CONFIG,
                "services/api/Dockerfile", DOCKERFILE, "services/api/main.go", "package main\n",
                "services/worker/Dockerfile", DOCKERFILE, "services/worker/job.go", "package main\n",
                "libs/common/retry.go", "package common\n"));
        codeCommit = LocalCodeCommit.start(Map.of(REPOSITORY, git, MONOREPO, monorepo));
        // The functions' environment names it as bin/kft invoke's would with AWS_ENDPOINT_URL_CODECOMMIT exported.
        aws = new LocalAws(aws.region(), aws.endpoint(), codeCommit.endpoint());
        seen.expect("the local CodeCommit knows the first push's commit", firstCommit,
                git.resolve(firstCommit).orElse(null));
        seen.fact("git repository " + REPOSITORY + " (3 commits, main at " + secondCommit.substring(0, 12)
                + ") served as CodeCommit on " + codeCommit.endpoint() + " (AWS_ENDPOINT_URL_CODECOMMIT)");
    }

    private void push(Observation seen, DemoBuild build, Map<String, Object> event) {
        Map<String, Object> result = invoke("PushFunction", event);
        List<Map<String, Object>> builds = JsonFields.objects(result, "builds");
        if (!seen.expect("builds in PushFunction's result", 1, builds.size())) {
            return;
        }
        build.launched(builds.get(0));
        seen.expect("PushFunction's result for the build", "LAUNCHED", build.launched().get("result"));
        seen.fact("PushFunction events/" + PUSH_EVENT + ": " + build.launched().get("repository") + " "
                + build.launched().get("ref") + " @ " + build.commitId().substring(0, 12) + " -> build " + build.buildId()
                + " " + build.launched().get("result"));
    }

    private void buildLaunched(Observation seen, DemoBuild build) {
        List<Task> tasks = ecs.describeTasks(r -> r.cluster(stack.cluster()).tasks(build.taskArn())).tasks();
        if (!seen.expect("ECS tasks of the build's task ARN", 1, tasks.size())) {
            return;
        }
        Task task = tasks.get(0);
        build.task(task);
        seen.expect("the task's startedBy", build.startedBy(), task.startedBy());
        seen.expect("the task's command (the build's kaniko arguments)", build.kanikoArgs(),
                task.overrides().containerOverrides().get(0).command());
        DemoLedger.Item item = ledger.build(build.id());
        build.ledgerItem(item);
        seen.expect("ledger status", "QUEUED", item.text(LedgerItemCodec.STATUS));
        // PushFunction writes nothing after RunTask: the task's first state event records it.
        seen.expect("a task ARN in the ledger (the task's first state event records it)", false, item.has(LedgerItemCodec.TASK_ARN));
        seen.fact("ECS task " + build.taskId() + " (" + task.launchType() + ", startedBy " + task.startedBy()
                + "), ledger " + item.text(LedgerItemCodec.STATUS) + "; kaniko arguments:");
        build.kanikoArgs().forEach(arg -> seen.fact("  " + arg));
    }

    private void taskRunning(Observation seen, DemoBuild build) {
        build.started(Instant.now());
        Map<String, Object> event = events.taskState("task-running.json", build.task(), build.times(null), Instant.now());
        Map<String, Object> outcome = invoke("TaskStateFunction", event);
        seen.expect("TaskStateFunction's result", "ADVANCED", outcome.get("result"));
        seen.expect("TaskStateFunction's status", "RUNNING", outcome.get("status"));
        DemoLedger.Item item = ledger.build(build.id());
        Object version = JsonFields.at(event, "detail", "version");
        seen.expect("ledger status", "RUNNING", item.text(LedgerItemCodec.STATUS));
        seen.expect("ledger task version (the event's detail.version)", String.valueOf(version), item.number(LedgerItemCodec.TASK_VERSION));
        seen.expect("ledger task ARN (the task's first event records it)", build.taskArn(), item.text(LedgerItemCodec.TASK_ARN));
        seen.fact("TaskStateFunction events/task-running.json (startedBy " + build.startedBy() + ", version " + version
                + "): ledger " + item.text(LedgerItemCodec.STATUS) + ", task " + build.taskId() + " recorded");
    }

    /** kaniko's push: the image goes to the --destination the build gave it; ECR starts its scan on push. */
    private void imagePushed(Observation seen, DemoBuild build) {
        String destination = build.kanikoArgs().stream().filter(a -> a.startsWith("--destination=")).findFirst().orElseThrow()
                .substring("--destination=".length());
        String repository = destination.substring(destination.indexOf('/') + 1, destination.lastIndexOf(':'));
        String tag = destination.substring(destination.lastIndexOf(':') + 1);
        seen.expect("kaniko's --destination repository (the ledger's)", build.imageRepository(), repository);
        seen.expect("kaniko's --destination tag (the ledger's commit tag)", build.commitTag(), tag);
        DemoImages.Pushed pushed = images.push(repository, tag, build.commitId());
        build.digest(pushed.digest());
        seen.expect("the digest ECR stored (the manifest's own)", DemoImages.manifestDigest(build.commitId()), build.digest());
        seen.expect("the repository scans on push", true, images.scansOnPush(repository));
        seen.expect("commit tags immutable, the deploy tags movable", "IMMUTABLE_WITH_EXCLUSION [latest, branch-*]",
                images.tagMutability(repository));
        if (pushed.repositoryCreated()) {
            seen.fact("ECR created " + repository + " on this first push (create on push, the stack's ImageRepositoryTemplate): "
                    + images.tagMutability(repository) + ", scan on push");
        }
        images.startScan(repository, build.digest());
        // What kaniko would have written to its log stream, so `bin/kft builds logs` has something to show.
        KanikoLogStandIn.write(logs, stack.envVars().get("TaskStateFunction").get("KANIKO_LOG_GROUP"), build.taskArn(), List.of(
                "INFO Retrieving image manifest public.ecr.aws/docker/library/alpine:3.20",
                "INFO Executing 0 build triggers",
                "INFO Pushing image to " + destination,
                "INFO Pushed " + destination));
        seen.fact(repository + ":" + tag + " " + DemoLedger.shortDigest(build.digest())
                + " (PutImage of an OCI manifest, as kaniko's push); ECR scan on push started");
    }

    private void taskStopped(Observation seen, DemoBuild build) {
        // moto's tasks never end by themselves: StopTask stands for kaniko's exit.
        Task stopped = ecs.stopTask(r -> r.cluster(stack.cluster()).task(build.taskArn()).reason("kaniko exited")).task();
        seen.expect("the ECS task's status after StopTask", "STOPPED", stopped.lastStatus());
        Instant stoppedAt = Instant.now();
        Map<String, Object> event = events.taskState("task-stopped-exit0.json", build.task(), build.times(stoppedAt), stoppedAt);
        Map<String, Object> outcome = invoke("TaskStateFunction", event);
        seen.expect("TaskStateFunction's result", "FINISHED", outcome.get("result"));
        seen.expect("TaskStateFunction's status", "SUCCEEDED", outcome.get("status"));
        DemoLedger.Item item = ledger.build(build.id());
        seen.expect("ledger status", "SUCCEEDED", item.text(LedgerItemCodec.STATUS));
        seen.expect("ledger image digest (looked up by the commit tag)", build.digest(), item.text(LedgerItemCodec.IMAGE_DIGEST));
        seen.expect("ledger exit code", "0", item.number(LedgerItemCodec.EXIT_CODE));
        seen.expect("ledger records the result as published", true, item.has(LedgerItemCodec.RESULT_PUBLISHED_AT));
        seen.expect("the ledger has the commit comment's id", true, item.has(LedgerItemCodec.COMMENT_ID));
        seen.expect("the comment is on the build's commit", true, codeCommit.comments().stream()
                .anyMatch(c -> c.commentId().equals(item.text(LedgerItemCodec.COMMENT_ID)) && c.afterCommitId().equals(build.commitId())));
        Optional<Map<String, Object>> result = onlyEvent(seen, buildResultsQueue, "build results on the bus");
        if (result.isEmpty()) {
            return;
        }
        seen.expect("the build result's detail-type", BuildEventDetail.SUCCEEDED, result.get().get("detail-type"));
        seen.expect("the build result's buildId", build.buildId(), JsonFields.text(result.get(), "detail", "buildId"));
        seen.expect("the build result's imageDigest", build.digest(), JsonFields.text(result.get(), "detail", "imageDigest"));
        seen.fact("TaskStateFunction events/task-stopped-exit0.json (version " + JsonFields.at(event, "detail", "version")
                + ", kaniko exit 0): ledger " + item.text(LedgerItemCodec.STATUS) + ", digest "
                + DemoLedger.shortDigest(item.text(LedgerItemCodec.IMAGE_DIGEST)) + " (looked up by the commit tag)");
        seen.fact("ledger timings (ms): queued " + item.number(LedgerItemCodec.QUEUED_MILLIS) + ", provisioning "
                + item.number(LedgerItemCodec.PROVISIONING_MILLIS) + ", building " + item.number(LedgerItemCodec.BUILDING_MILLIS)
                + ", total " + item.number(LedgerItemCodec.TOTAL_MILLIS));
        seen.fact("bus: \"" + result.get().get("detail-type") + "\" for build " + build.buildId() + ", imageDigest "
                + DemoLedger.shortDigest(JsonFields.text(result.get(), "detail", "imageDigest")) + ", tags "
                + Json.write(JsonFields.object(result.get(), "detail", "tags")));
        seen.fact(commitComment(item));
    }

    /** The comment TaskStateFunction posted on the local CodeCommit, or why there is none. */
    private static String commitComment(DemoLedger.Item item) {
        if (item.has(LedgerItemCodec.COMMENT_ID)) {
            return "commit comment " + item.text(LedgerItemCodec.COMMENT_ID) + " posted on the local CodeCommit";
        }
        String error = item.text(LedgerItemCodec.COMMENT_ERROR);
        return "no commit comment: commentError = " + (error.length() > 60 ? error.substring(0, 60) + "..." : error);
    }

    /** The scan ECR started on push completes; its event, with the counts the scan reported, goes to ScanGateFunction. */
    private void scanned(Observation seen, DemoBuild build, String file, String verdict, String action) {
        ImageScanFindings findings = images.findings(build.imageRepository(), build.digest());
        Map<String, Integer> counts = findings.findingSeverityCountsAsStrings();
        List<String> tags = images.tags(build.imageRepository(), build.digest());
        Map<String, Object> event = events.scan(file, build.imageRepository(), build.digest(), tags, counts, Instant.now());
        Map<String, Object> outcome = invoke("ScanGateFunction", event);
        seen.expect("ScanGateFunction's result", "GATED", outcome.get("result"));
        seen.expect("ScanGateFunction's verdict", verdict, outcome.get("verdict"));
        seen.expect("ScanGateFunction's action", action, outcome.get("action"));
        seen.fact("ECR scan of " + build.imageRepository() + "@" + DemoLedger.shortDigest(build.digest())
                + " COMPLETE, finding-severity-counts " + Json.write(counts));
        findings.findings().stream().map(DemoScenario::finding).forEach(seen::fact);
        seen.fact("ScanGateFunction events/" + file + ": verdict " + outcome.get("verdict") + ", action " + outcome.get("action")
                + " (" + outcome.get("reason") + ")");
    }

    private static String finding(ImageScanFinding finding) {
        Map<String, String> attributes = new HashMap<>();
        finding.attributes().forEach(a -> attributes.put(a.key(), a.value()));
        return "  " + finding.name() + " " + finding.severityAsString() + " in " + attributes.get("package_name") + " "
                + attributes.get("package_version") + " (moto's stand-in finding)";
    }

    private void flagged(Observation seen, DemoBuild build) {
        List<String> tags = images.tags(build.imageRepository(), build.digest());
        seen.expect("the dirty image's tags (its commit tag only)", List.of(build.commitTag()), tags);
        DemoLedger.Item item = ledger.build(build.id());
        seen.expect("ledger scan verdict", "DIRTY", item.text(LedgerItemCodec.SCAN_VERDICT));
        seen.expect("ledger scan action", "FLAG", item.text(LedgerItemCodec.SCAN_ACTION));
        Optional<Map<String, Object>> mail = onlyEvent(seen, stack.securityNotificationQueueUrl(), "mails to the security team");
        if (mail.isEmpty()) {
            return;
        }
        seen.expect("the mail's verdict", "DIRTY", JsonFields.text(mail.get(), "detail", "verdict"));
        seen.expect("the mail's image digest", build.digest(), JsonFields.text(mail.get(), "detail", "imageDigest"));
        seen.fact("ECR: " + build.imageRepository() + "@" + DemoLedger.shortDigest(build.digest()) + " keeps only its commit tag "
                + tags + "; its deploy tags " + build.deployTags() + " are not added");
        seen.fact("ledger: scanVerdict " + item.text(LedgerItemCodec.SCAN_VERDICT) + ", scanAction " + item.text(LedgerItemCodec.SCAN_ACTION));
        seen.fact("security team's mail (ScanVerdictMailRule -> SQS stand-in for the email), its detail.text:");
        JsonFields.requireText(mail.get(), "detail", "text").lines().forEach(l -> seen.fact("  |" + (l.isEmpty() ? "" : " " + l)));
    }

    /** moto reports its fake HIGH finding for every image: told otherwise, it reports this one clean, as ECR would. */
    private void cleanScan(Observation seen, DemoBuild build) throws IOException {
        images.reportNoFindings(events.account(), build.imageRepository(), build.digest());
        seen.fact("moto's scanner set to find nothing in this image (moto-api scan-finding-results)");
        scanned(seen, build, "scan-basic-clean.json", "CLEAN", "PROMOTE");
    }

    private void promoted(Observation seen, DemoBuild build) {
        seen.expect("the build's deploy tags", List.of("branch-main", "latest"), build.deployTags());
        for (String tag : build.deployTags()) {
            seen.expect("the image " + tag + " points at (the clean one)", build.digest(), images.digestOf(build.imageRepository(), tag));
        }
        seen.expect("the dirty image's tags (still its commit tag only)", List.of(first.commitTag()),
                images.tags(first.imageRepository(), first.digest()));
        DemoLedger.Item item = ledger.build(build.id());
        seen.expect("ledger scan verdict", "CLEAN", item.text(LedgerItemCodec.SCAN_VERDICT));
        seen.expect("ledger scan action", "PROMOTE", item.text(LedgerItemCodec.SCAN_ACTION));
        // The mail rule takes DIRTY and UNSCANNED verdicts only; moto delivers as the verdict is put, so no waiting.
        seen.expect("mails to the security team", List.of(),
                BusQueues.receiveAll(sqs, stack.securityNotificationQueueUrl(), Duration.ZERO));
        seen.fact("ECR: " + String.join(", ", build.deployTags()) + " -> " + build.imageRepository() + "@"
                + DemoLedger.shortDigest(build.digest()) + " (" + build.commitTag() + "), as DescribeImages reports them");
        seen.fact("ledger: scanVerdict " + item.text(LedgerItemCodec.SCAN_VERDICT) + ", scanAction " + item.text(LedgerItemCodec.SCAN_ACTION)
                + "; the dirty image still has only " + first.commitTag());
        seen.fact("no mail: the mail rule takes DIRTY and UNSCANNED verdicts only");
    }

    /** A push of the monorepo's main from {@code oldCommit} to {@code commit}: PushFunction's result per image. */
    private Map<String, Map<String, Object>> pushMonorepo(String commit, String oldCommit) {
        Map<String, Object> event = events.push(PUSH_EVENT, commit, oldCommit, Instant.now());
        JsonFields.object(event, "detail").put("repositoryName", MONOREPO);
        event.put("resources", List.of("arn:aws:codecommit:" + region.id() + ":" + ecr.describeRegistry(r -> { }).registryId() + ":" + MONOREPO));
        Map<String, Map<String, Object>> byImage = new java.util.TreeMap<>();
        for (Map<String, Object> build : JsonFields.objects(invoke("PushFunction", event), "builds")) {
            byImage.put(String.valueOf(build.get("image")), build);
        }
        monorepoHead = commit;
        return byImage;
    }

    private void monorepoApiOnly(Observation seen) {
        String commit = monorepo.commit("api: retry payments twice", Map.of("services/api/main.go", "package main // retries\n"));
        Map<String, Map<String, Object>> builds = pushMonorepo(commit, monorepoHead);
        apiBuild = builds.get("api");
        seen.expect("api's result", "LAUNCHED", builds.containsKey("api") ? builds.get("api").get("result") : null);
        seen.expect("worker's result", "SKIPPED", builds.containsKey("worker") ? builds.get("worker").get("result") : null);
        if (builds.containsKey("api") && builds.get("api").get("taskArn") != null) {
            Task task = ecs.describeTasks(r -> r.cluster(stack.cluster()).tasks(String.valueOf(builds.get("api").get("taskArn")))).tasks().get(0);
            List<String> command = task.overrides().containerOverrides().get(0).command();
            seen.expect("api's image repository", true, command.stream()
                    .anyMatch(a -> a.startsWith("--destination=") && a.contains("/" + stack.imageRepositoryPrefix() + "/" + MONOREPO + "/api:")));
            seen.fact("PushFunction " + MONOREPO + " @ " + commit.substring(0, 12) + " (services/api/main.go changed): api LAUNCHED on "
                    + task.taskDefinitionArn().substring(task.taskDefinitionArn().lastIndexOf('/') + 1) + ", "
                    + command.stream().filter(a -> a.startsWith("--context-sub-path=") || a.startsWith("--destination=")).toList());
        }
        seen.fact("worker SKIPPED: " + (builds.containsKey("worker") ? builds.get("worker").get("reason") : "?"));
    }

    /**
     * A newer commit of main changes api again while the older api build has just launched, before its
     * task's first state event: the newer push marks it superseded (there is no task in the ledger to stop
     * yet); its first event then has TaskStateFunction record and stop the task, and its stop event cancels it.
     */
    private void monorepoSupersede(Observation seen) {
        String olderTask = apiBuild == null ? null : String.valueOf(apiBuild.get("taskArn"));
        String commit = monorepo.commit("api: retry payments three times", Map.of("services/api/main.go", "package main // retries x3\n"));
        Map<String, Map<String, Object>> builds = pushMonorepo(commit, monorepoHead);
        seen.expect("the newer api build's result", "LAUNCHED", builds.containsKey("api") ? builds.get("api").get("result") : null);
        if (olderTask == null) {
            return;
        }
        String reason = "superseded by " + commit.substring(0, 12);
        String olderId = String.valueOf(apiBuild.get("buildId"));
        DemoLedger.Item marked = ledger.build(new dev.kft.core.BuildId(olderId));
        seen.expect("the older build's supersededBy", commit, marked.text(LedgerItemCodec.SUPERSEDED_BY));
        seen.expect("a task of the older build in the ledger (its first state event has not come yet)", false,
                marked.has(LedgerItemCodec.TASK_ARN));
        // Its first state event ("task running") comes now: TaskStateFunction records the task and stops it.
        Task older = ecs.describeTasks(r -> r.cluster(stack.cluster()).tasks(olderTask)).tasks().get(0);
        Instant runningAt = Instant.now();
        Map<String, Object> first = invoke("TaskStateFunction", events.taskState("task-running.json", older,
                new DemoEvents.TaskTimes(runningAt.minusSeconds(3), runningAt.minusSeconds(1), null), runningAt));
        seen.expect("TaskStateFunction's result for the older task's first event", "ADVANCED", first.get("result"));
        Task stopped = ecs.describeTasks(r -> r.cluster(stack.cluster()).tasks(olderTask)).tasks().get(0);
        seen.expect("the older api task's stop reason (StopTask by TaskStateFunction)", reason, stopped.stoppedReason());
        seen.expect("the older build's task, recorded by that event", olderTask,
                ledger.build(new dev.kft.core.BuildId(olderId)).text(LedgerItemCodec.TASK_ARN));
        // ECS's "task stopped" event for it (stopCode UserInitiated, the reason StopTask gave) ends the build.
        Instant stoppedAt = Instant.now();
        Map<String, Object> event = events.taskState("task-user-stopped.json", stopped, new DemoEvents.TaskTimes(stoppedAt.minusSeconds(2),
                stoppedAt.minusSeconds(1), stoppedAt), stoppedAt);
        JsonFields.object(event, "detail").put("stoppedReason", reason);
        Map<String, Object> outcome = invoke("TaskStateFunction", event);
        seen.expect("TaskStateFunction's status for the older build", "CANCELLED", outcome.get("status"));
        seen.expect("ledger status of the older build", "CANCELLED",
                ledger.build(new dev.kft.core.BuildId(olderId)).text(LedgerItemCodec.STATUS));
        String olderCommit = String.valueOf(apiBuild.get("commitId"));
        seen.expect("a comment on the older commit says it was cancelled", true, codeCommit.comments().stream()
                .anyMatch(c -> c.afterCommitId().equals(olderCommit) && c.content().contains(reason)));
        seen.fact("PushFunction " + MONOREPO + " @ " + commit.substring(0, 12) + ": the newer api build LAUNCHED; the older api build "
                + olderId + " marked supersededBy (no task recorded yet to stop)");
        seen.fact("TaskStateFunction events/task-running.json for the older api task: task recorded, then stopped: "
                + stopped.taskArn().substring(stopped.taskArn().lastIndexOf('/') + 1) + " STOPPED (" + stopped.stoppedReason() + ")");
        seen.fact("TaskStateFunction events/task-user-stopped.json: build " + olderId + " " + outcome.get("status")
                + ", supersededBy " + commit.substring(0, 12) + "; its commit's comment says so");
    }

    private void monorepoDockerHubBase(Observation seen) {
        String commit = monorepo.commit("worker: node base image", Map.of("services/worker/Dockerfile", "FROM node:22\nUSER node\n"));
        Map<String, Map<String, Object>> builds = pushMonorepo(commit, monorepoHead);
        Map<String, Object> worker = builds.getOrDefault("worker", Map.of());
        seen.expect("worker's result (WARN builds)", "LAUNCHED", worker.get("result"));
        seen.expect("api's result", "SKIPPED", builds.containsKey("api") ? builds.get("api").get("result") : null);
        String warnings = String.valueOf(worker.get("reason"));
        seen.expect("the policy's finding names the Docker Hub base", true, warnings.contains("base-image-not-allowed"));
        if (worker.get("taskArn") != null) {
            Task task = ecs.describeTasks(r -> r.cluster(stack.cluster()).tasks(String.valueOf(worker.get("taskArn")))).tasks().get(0);
            seen.expect("worker (linux/arm64) runs on the ARM64 task definition", true, task.taskDefinitionArn().contains("-kaniko-arm64"));
        }
        seen.fact("PushFunction " + MONOREPO + " @ " + commit.substring(0, 12) + " (services/worker/Dockerfile FROM node:22): worker "
                + worker.get("result") + " on linux/arm64, with " + warnings);
    }

    private void monorepoBrokenConfiguration(Observation seen) {
        String commit = monorepo.commit("Add a third image", Map.of(".kft.yaml", MONOREPO_CONFIG + """
                  - name: Frontend
                    context: ../web
                """));
        Map<String, Map<String, Object>> builds = pushMonorepo(commit, monorepoHead);
        Map<String, Object> push = builds.getOrDefault("null", Map.of());
        seen.expect("the push's result", "FAILED_CONFIG", push.get("result"));
        Optional<LocalCodeCommit.PostedComment> comment = codeCommit.comments().stream()
                .filter(c -> c.afterCommitId().equals(commit)).findFirst();
        seen.expect("a comment on the commit names the line", true, comment.map(c -> c.content().contains(".kft.yaml:10:") && c.content().contains(".kft.yaml:11:")).orElse(false));
        seen.fact("PushFunction " + MONOREPO + " @ " + commit.substring(0, 12) + ": " + push.get("result") + ", nothing launched");
        comment.ifPresent(c -> c.content().lines().forEach(line -> seen.fact("  comment: " + line)));
    }

    /** What an operator sees: `bin/kft builds list`, `show` and `logs` on the stack-up's env-vars file. */
    private void buildsCommands(Observation seen) throws IOException {
        Path envVars = sourceDirectory.resolve("env.json");
        Files.writeString(envVars, EnvVarsFile.write(stack.envVars()));
        Kft.Result list = kft("builds", "list", "--repository", REPOSITORY, "--limit", "5", "-n", envVars.toString());
        seen.expect("bin/kft builds list's exit code", 0, list.exitCode());
        seen.expect("the list shows the second payments-api build", true, list.out().contains(second.buildId()));
        list.out().lines().forEach(line -> seen.fact("$ bin/kft builds list: " + line));
        Kft.Result show = kft("builds", "show", second.buildId(), "-n", envVars.toString());
        seen.expect("bin/kft builds show's exit code", 0, show.exitCode());
        show.out().lines().limit(12).forEach(line -> seen.fact("$ bin/kft builds show: " + line));
        Kft.Result log = kft("builds", "logs", second.buildId(), "-n", envVars.toString());
        seen.expect("bin/kft builds logs shows kaniko's lines", true, log.out().contains("INFO Pushed"));
        log.out().lines().forEach(line -> seen.fact("$ bin/kft builds logs: " + line));
    }

    private Kft.Result kft(String... args) {
        return Kft.runCapturing(home, name -> "AWS_REGION".equals(name) ? region.id() : "AWS_ENDPOINT_URL".equals(name)
                ? aws.endpoint().toString() : System.getenv(name), List.of(args));
    }

    private void ledger(Observation seen) {
        List<DemoLedger.Item> builds = ledger.builds();
        seen.expect("builds in the ledger", 2, builds.size());
        List<DemoBuild> story = List.of(first, second);
        for (int i = 0; i < story.size(); i++) {
            DemoBuild build = story.get(i);
            Optional<DemoLedger.Item> item = builds.stream()
                    .filter(b -> b.text(LedgerItemCodec.BUILD_ID).equals(build.buildId())).findFirst();
            seen.expect("ledger status of build " + (i + 1), "SUCCEEDED", item.map(b -> b.text(LedgerItemCodec.STATUS)).orElse(null));
            seen.expect("ledger image digest of build " + (i + 1), build.digest(),
                    item.map(b -> b.text(LedgerItemCodec.IMAGE_DIGEST)).orElse(null));
        }
        seen.fact(builds.size() + " builds in table " + stack.ledgerTable() + " (oldest first):");
        DemoLedger.rows(builds).forEach(seen::fact);
    }

    /** Invokes a function with an event, with stack-up's environment; its result. A function that throws fails the step. */
    private Map<String, Object> invoke(String functionId, Map<String, Object> event) {
        LocalInvoke.InvokeResult result = functions.invoke(aws, functionId, DemoEvents.bytes(event), stack.envVars());
        if (result.failed()) {
            throw new IllegalStateException(functionId + " threw " + result.error(), result.error());
        }
        return Json.parseObject(result.output());
    }

    /** The one event a rule delivered to {@code queueUrl}, if exactly one came. */
    private Optional<Map<String, Object>> onlyEvent(Observation seen, String queueUrl, String what) {
        List<Map<String, Object>> received = BusQueues.receiveAll(sqs, queueUrl, DELIVERY);
        return seen.expect(what, 1, received.size()) ? Optional.of(received.get(0)) : Optional.empty();
    }

    private <T extends AutoCloseable> T open(T client) {
        clients.add(client);
        return client;
    }

    /** Closes the SDK clients the story opened, stops the local CodeCommit and deletes its repository. */
    @Override
    public void close() {
        if (codeCommit != null) {
            codeCommit.close();
        }
        if (sourceDirectory != null) {
            try (Stream<Path> files = Files.walk(sourceDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                System.err.println("demo: could not delete " + sourceDirectory + ": " + e);
            }
        }
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // Closing an SDK client only releases its resources: nothing to report.
            }
        }
    }
}
