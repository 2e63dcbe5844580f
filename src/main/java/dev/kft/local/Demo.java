package dev.kft.local;

import dev.kft.aws.AwsClients;
import dev.kft.aws.LedgerTable;
import dev.kft.core.BuildId;
import dev.kft.core.Json;
import dev.kft.core.JsonFields;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code bin/kft demo}: the whole flow on a fresh moto_server, told as a timeline. Each step acts,
 * then checks in the emulator that what should have happened did; the demo succeeds only if every
 * step that is built did. Steps that need a function not built yet say so and are not counted as failures.
 */
public final class Demo {
    private static final String TASK_STATE_FUNCTION = "TaskStateFunction (issue 4)";
    private static final String SCAN_GATE_FUNCTION = "ScanGateFunction (issue 5)";

    private final Path home;
    private final Region region;
    private final PrintStream out;
    private final Instant start = Instant.now();

    // What earlier steps learned, for later ones.
    private MotoProcess moto;
    private LocalAws aws;
    private AwsClients clients;
    private LocalInvoke invoke;
    private LocalStack stack;
    private Map<String, Object> build;
    private PrintStream invokeLogs;

    /** @param home the project directory (template.yaml, events/, target/) */
    public Demo(Path home, Region region, PrintStream out) {
        this.home = home;
        this.region = region;
        this.out = out;
    }

    /** One step of the story: does its part and checks the outcome, or says what it still needs. */
    private record Step(String title, Action action) {}

    @FunctionalInterface
    private interface Action {
        /** Lines describing what happened; throws when the outcome is not what it should be. */
        List<String> run() throws Exception;
    }

    /** A step waiting for a function other work is building. */
    private static final class NotBuiltYet extends RuntimeException {
        NotBuiltYet(String what) {
            super("not built yet: " + what);
        }
    }

    private List<Step> story() {
        return List.of(
                new Step("emulator", this::startEmulator),
                new Step("stack up", this::stackUp),
                new Step("push", this::push),
                new Step("build launched", this::buildLaunched),
                new Step("task running", () -> notBuiltYet(TASK_STATE_FUNCTION)),
                new Step("task stopped, exit 0", () -> notBuiltYet(TASK_STATE_FUNCTION)),
                new Step("image pushed", this::imagePushed),
                new Step("scan finds HIGH", () -> notBuiltYet(SCAN_GATE_FUNCTION)),
                new Step("gate acts, security notified", () -> notBuiltYet(SCAN_GATE_FUNCTION)),
                new Step("clean image promoted", () -> notBuiltYet(SCAN_GATE_FUNCTION)),
                new Step("ledger", this::ledger));
    }

    /** Runs the story; true when every built step did what it should. moto_server is stopped in every case. */
    public boolean run() throws IOException {
        Path functionLog = home.resolve("target/kft/demo-functions.log");
        Files.createDirectories(functionLog.getParent());
        out.println("kft demo: push -> build -> result -> scan gate, on a local AWS emulator (no Docker, no AWS account)");
        out.println();
        int done = 0;
        int notBuilt = 0;
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
                } catch (NotBuiltYet e) {
                    line("--", step.title(), List.of(e.getMessage()));
                    notBuilt++;
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
            if (moto != null) {
                moto.close();
                out.println();
                out.println("moto_server stopped.");
            }
        }
        out.println("function logs: " + home.relativize(functionLog));
        out.println(failed == null
                ? "demo: " + done + " steps did what they should, " + notBuilt + " not built yet."
                : "demo FAILED at \"" + failed + "\" (" + done + " steps done before it).");
        return failed == null;
    }

    private void line(String status, String title, List<String> lines) {
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        String indent = " ".repeat(45);
        out.printf("%6.1fs  %-4s  %-28s  %s%n", seconds, status, title, lines.isEmpty() ? "" : lines.get(0));
        lines.stream().skip(1).forEach(l -> out.println(indent + l));
    }

    private static List<String> notBuiltYet(String what) {
        throw new NotBuiltYet(what);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private List<String> startEmulator() throws Exception {
        moto = MotoProcess.start();
        aws = new LocalAws(region, moto.endpoint());
        // moto accepts any credentials; the SDK still needs some.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        clients = aws.clients();
        return List.of("moto_server on " + moto.endpoint());
    }

    private List<String> stackUp() {
        Template template = Template.load(home.resolve("template.yaml"));
        stack = new StackUp(template, aws).run(StackUp.DEFAULT_STACK_NAME);
        check(stack.unresolved().isEmpty(), "variables without a value: " + stack.unresolved());
        invoke = new LocalInvoke(template, aws, invokeLogs);
        return List.of(
                "stack " + stack.name() + ": cluster " + stack.cluster() + ", task definition "
                        + stack.taskDefinitionArn().substring(stack.taskDefinitionArn().lastIndexOf('/') + 1),
                "ledger " + stack.ledgerTable() + ", bus " + stack.eventBus() + ", cache " + stack.cacheRepository()
                        + ", subnet " + stack.subnetId(),
                "security team's email: SQS queue " + stack.securityNotificationQueueUrl());
    }

    private List<String> push() {
        String file = "events/push-branch.json";
        LocalInvoke.Result result = invoke.invoke("PushFunction", LocalInvoke.readEvent(home.resolve(file)), stack.envVars());
        check(!result.failed(), "PushFunction threw " + result.error());
        List<Map<String, Object>> builds = JsonFields.objects(Json.parseObject(result.output()), "builds");
        check(builds.size() == 1, "one build expected, result: " + result.output());
        build = builds.get(0);
        check("LAUNCHED".equals(build.get("result")), "build not launched: " + build);
        return List.of("PushFunction " + file + ": " + build.get("repository") + " " + build.get("ref") + " @ "
                + text(build, "commitId").substring(0, 12) + " -> build " + build.get("buildId") + " " + build.get("result"));
    }

    private List<String> buildLaunched() {
        String taskArn = text(build, "taskArn");
        List<String> kanikoArgs = JsonFields.list(build, "kanikoArgs").stream().map(String::valueOf).toList();
        BuildId buildId = BuildId.of(text(build, "repository"), text(build, "commitId"));
        try (EcsClient ecs = clients.ecs(); DynamoDbClient dynamo = clients.dynamoDb()) {
            List<Task> tasks = ecs.describeTasks(r -> r.cluster(stack.cluster()).tasks(taskArn)).tasks();
            check(tasks.size() == 1, "ECS has no task " + taskArn);
            Task task = tasks.get(0);
            check(buildId.startedBy(1).equals(task.startedBy()), "startedBy " + task.startedBy());
            check(kanikoArgs.equals(task.overrides().containerOverrides().get(0).command()),
                    "the task's command is not the kaniko arguments of the result");
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(stack.ledgerTable()).key(LedgerTable.key(buildId))).item();
            check("QUEUED".equals(item.get(LedgerTable.STATUS).s()) && taskArn.equals(item.get(LedgerTable.TASK_ARN).s()),
                    "ledger item " + item);
            List<String> lines = new ArrayList<>();
            lines.add("ECS task " + taskArn.substring(taskArn.lastIndexOf('/') + 1) + " (" + task.launchType()
                    + ", startedBy " + task.startedBy() + "), ledger QUEUED; kaniko arguments:");
            kanikoArgs.forEach(arg -> lines.add("  " + arg));
            return lines;
        }
    }

    /**
     * What kaniko's push amounts to in ECR: the image manifest put under the commit tag (the
     * --destination of the result). moto has no layer upload, so only the manifest goes up; it is a
     * well-formed OCI manifest whose config carries kaniko's labels, with the digests of its blobs.
     */
    private List<String> imagePushed() throws NoSuchAlgorithmException {
        String destination = JsonFields.list(build, "kanikoArgs").stream().map(String::valueOf)
                .filter(a -> a.startsWith("--destination=")).findFirst().orElseThrow().substring("--destination=".length());
        String repository = destination.substring(destination.indexOf('/') + 1, destination.lastIndexOf(':'));
        String tag = destination.substring(destination.lastIndexOf(':') + 1);
        String manifest = imageManifest(text(build, "commitId"));
        String digest = sha256(manifest.getBytes(StandardCharsets.UTF_8));
        try (EcrClient ecr = clients.ecr()) {
            ecr.putImage(r -> r.repositoryName(repository).imageTag(tag).imageManifest(manifest).imageDigest(digest));
            ImageDetail image = ecr.describeImages(r -> r.repositoryName(repository).imageIds(i -> i.imageTag(tag)))
                    .imageDetails().get(0);
            check(digest.equals(image.imageDigest()), "ECR stored digest " + image.imageDigest() + ", pushed " + digest);
            boolean scanOnPush = ecr.describeRepositories(r -> r.repositoryNames(repository)).repositories().get(0)
                    .imageScanningConfiguration().scanOnPush();
            check(scanOnPush, repository + " does not scan on push");
            return List.of(repository + ":" + tag + " " + digest.substring(0, 19) + "... (PutImage, as kaniko's push),"
                    + " scan on push");
        }
    }

    private List<String> ledger() {
        List<Map<String, AttributeValue>> items;
        try (DynamoDbClient dynamo = clients.dynamoDb()) {
            items = new ArrayList<>(dynamo.scan(r -> r.tableName(stack.ledgerTable())).items());
        }
        items.sort(Comparator.comparing(i -> value(i, LedgerTable.QUEUED_AT)));
        check(items.stream().anyMatch(i -> value(i, LedgerTable.BUILD_ID).equals(build.get("buildId"))),
                "the ledger has no item for build " + build.get("buildId"));
        List<String> lines = new ArrayList<>();
        lines.add(items.size() + " build(s) in table " + stack.ledgerTable() + ":");
        lines.add(String.format("  %-32s  %-14s  %-18s  %-12s  %-10s  %s", "buildId", "repository", "ref", "commit tag", "status", "queuedAt"));
        for (Map<String, AttributeValue> item : items) {
            lines.add(String.format("  %-32s  %-14s  %-18s  %-12s  %-10s  %s",
                    value(item, LedgerTable.BUILD_ID), value(item, LedgerTable.REPOSITORY), value(item, LedgerTable.REF_FULL_NAME),
                    value(item, LedgerTable.COMMIT_TAG), value(item, LedgerTable.STATUS), value(item, LedgerTable.QUEUED_AT)));
        }
        return lines;
    }

    /** An OCI image manifest with kaniko's labels in its config; digests are those of the blobs' bytes. */
    private static String imageManifest(String commitId) throws NoSuchAlgorithmException {
        byte[] layer = ("kft demo layer for " + commitId).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("config", Map.of("Labels", Map.of("org.opencontainers.image.revision", commitId)));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(sha256(layer))));
        byte[] configBytes = Json.write(config).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", configBytes));
        manifest.put("layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar", layer)));
        return Json.write(manifest);
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] blob) throws NoSuchAlgorithmException {
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", sha256(blob));
        descriptor.put("size", blob.length);
        return descriptor;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String text(Map<String, Object> map, String field) {
        return JsonFields.requireText(map, field);
    }

    private static String value(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null || value.s() == null ? "" : value.s();
    }
}
