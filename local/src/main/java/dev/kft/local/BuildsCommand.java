package dev.kft.local;

import dev.kft.aws.AwsClients;
import dev.kft.aws.DynamoBuildHistory;
import dev.kft.aws.DynamoBuildOperations;
import dev.kft.aws.DynamoBuildResults;
import dev.kft.aws.EcsBuildLauncher;
import dev.kft.aws.LedgerItemCodec;
import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.core.Json;
import dev.kft.launch.CapacityFallback;
import dev.kft.result.BuildRecord;
import dev.kft.result.BuildStatus;
import dev.kft.result.LogLinks;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code bin/kft builds list|show|logs|rebuild|cancel}: the build ledger and the build tasks of one
 * stack ({@link StackTarget}), read and acted on the way the functions do (the codec, the history
 * indexes, the shared launch path). Exit codes: {@link Kft#OK}, {@link Kft#FAILED} (not found,
 * refused, AWS error), {@link Kft#USAGE} (thrown as {@link Kft.UsageException}).
 */
final class BuildsCommand {
    static final int DEFAULT_LIMIT = 20;
    static final int DEFAULT_PAGE_SIZE = 100;
    private static final Pattern DURATION = Pattern.compile("(\\d+)([mhd])");
    /** ECS caps a StopTask reason at 255 characters. */
    private static final int STOP_REASON_LIMIT = 255;

    private final StackTarget target;
    private final AwsClients clients;
    private final Function<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollInterval;
    private final Duration followLimit;

    /**
     * @param pollInterval how often {@code logs --follow} looks for new lines and the build's status
     * @param followLimit  how long {@code logs --follow} waits at most for the build to end
     */
    BuildsCommand(StackTarget target, AwsClients clients, Function<String, String> env, PrintStream out, PrintStream err,
                  Clock clock, Sleeper sleeper, Duration pollInterval, Duration followLimit) {
        this.target = target;
        this.clients = clients;
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
        this.followLimit = followLimit;
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            throw new Kft.UsageException("builds needs a verb: list, show, logs, rebuild, cancel (see bin/kft --help)");
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "list" -> list(CommandLine.parse(rest, List.of("--repository", "--branch", "--status", "--since", "--limit", "--page-size"),
                    List.of("--json"), 0));
            case "show" -> show(CommandLine.parse(rest, List.of(), List.of("--json"), 1));
            case "logs" -> logs(CommandLine.parse(rest, List.of(), List.of("--follow"), 1));
            case "rebuild" -> rebuild(CommandLine.parse(rest, List.of(), List.of(), 1));
            case "cancel" -> cancel(CommandLine.parse(rest, List.of("--reason"), List.of(), 1));
            default -> throw new Kft.UsageException("unknown verb " + args.get(0) + " (list, show, logs, rebuild, cancel)");
        };
    }

    // ------------------------------------------------------------------ list

    private int list(CommandLine line) {
        String repository = line.value("--repository");
        String branch = line.value("--branch");
        if (branch != null && repository == null) {
            throw new Kft.UsageException("--branch needs --repository (branches are listed within their repository)");
        }
        BuildStatus status = line.has("--status") ? status(line.value("--status")) : null;
        Instant since = line.has("--since") ? clock.instant().minus(duration(line.value("--since"))) : null;
        int limit = positive(line, "--limit", DEFAULT_LIMIT);
        int pageSize = positive(line, "--page-size", DEFAULT_PAGE_SIZE);
        DynamoBuildHistory.Found found = history().search(new DynamoBuildHistory.Search(
                repository, branch == null ? null : "refs/heads/" + branch, status, since, limit, pageSize));
        List<Map<String, Object>> builds = found.items().stream().map(BuildsCommand::summary).toList();
        if (line.flag("--json")) {
            out.println(Json.writePretty(Map.of("builds", builds)));
        } else if (builds.isEmpty()) {
            err.println("no builds match");
        } else {
            out.println(String.format("%-32s  %-20s  %-34s  %-20s  %-12s  %-16s  %9s  %s",
                    "BUILD", "REPOSITORY", "IMAGE", "REF", "COMMIT", "STATUS", "DURATION", "VERDICT"));
            for (Map<String, Object> build : builds) {
                out.println(String.format("%-32s  %-20s  %-34s  %-20s  %-12s  %-16s  %9s  %s",
                        build.get("buildId"), build.get("repository"), build.get("image"), build.get("ref"),
                        shortCommit((String) build.get("commitId")), build.get("status"),
                        humanDuration((Long) build.get("durationMillis")), orDash(build.get("verdict"))));
            }
        }
        return Kft.OK;
    }

    /** One build in `list --json`: always these keys, null when the ledger has no value yet (README, "Operate it"). */
    static Map<String, Object> summary(Map<String, AttributeValue> item) {
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("buildId", LedgerItemCodec.text(item, LedgerItemCodec.BUILD_ID));
        build.put("repository", LedgerItemCodec.text(item, LedgerItemCodec.REPOSITORY));
        String imageRepository = LedgerItemCodec.text(item, LedgerItemCodec.IMAGE_REPOSITORY);
        String commitTag = LedgerItemCodec.text(item, LedgerItemCodec.COMMIT_TAG);
        build.put("image", imageRepository == null ? null : imageRepository + ":" + commitTag);
        build.put("ref", LedgerItemCodec.text(item, LedgerItemCodec.REF_FULL_NAME));
        build.put("commitId", LedgerItemCodec.text(item, LedgerItemCodec.COMMIT_ID));
        build.put("status", LedgerItemCodec.status(item).name());
        build.put("attempt", LedgerItemCodec.number(item, LedgerItemCodec.ATTEMPT));
        build.put("queuedAt", LedgerItemCodec.text(item, LedgerItemCodec.QUEUED_AT));
        build.put("durationMillis", LedgerItemCodec.number(item, LedgerItemCodec.TOTAL_MILLIS));
        build.put("verdict", LedgerItemCodec.scanVerdict(item).map(Enum::name).orElse(null));
        return build;
    }

    // ------------------------------------------------------------------ show

    private int show(CommandLine line) {
        BuildId id = buildId(line.positional(0));
        Optional<Map<String, AttributeValue>> item = history().item(id);
        if (item.isEmpty()) {
            return notFound(id);
        }
        BuildRecord build = LedgerItemCodec.buildRecord(item.get());
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("build", LedgerItemCodec.plain(item.get()));
        shown.put("links", links(build, item.get()));
        if (line.flag("--json")) {
            out.println(Json.writePretty(shown));
            return Kft.OK;
        }
        LedgerItemCodec.plain(item.get()).forEach((name, value) -> out.println(String.format("%-24s %s", name, value)));
        out.println();
        links(build, item.get()).forEach((name, url) -> out.println(String.format("%-24s %s", name + " link", url)));
        return Kft.OK;
    }

    /** Console pages of what the build touched; only those that exist yet. */
    private Map<String, String> links(BuildRecord build, Map<String, AttributeValue> item) {
        String region = clients.region().id();
        Map<String, String> links = new LinkedHashMap<>();
        if (build.taskArn() != null) {
            String taskId = taskId(build.taskArn());
            links.put("task", "https://" + region + ".console.aws.amazon.com/ecs/v2/clusters/" + target.cluster()
                    + "/tasks/" + taskId + "/configuration?region=" + region);
            links.put("logs", LogLinks.logStream(region, target.kanikoLogGroup(), LogLinks.streamName(containerName(), taskId)));
        }
        String account = build.taskArn() == null ? null : build.taskArn().split(":")[4];
        String digest = LedgerItemCodec.text(item, LedgerItemCodec.IMAGE_DIGEST);
        if (account != null && build.imageRepository() != null) {
            links.put("image", "https://" + region + ".console.aws.amazon.com/ecr/repositories/private/" + account + "/"
                    + build.imageRepository() + (digest == null ? "" : "/_/image/" + digest + "/details") + "?region=" + region);
        }
        links.put("commit", "https://" + region + ".console.aws.amazon.com/codesuite/codecommit/repositories/" + build.repository()
                + "/commit/" + build.commitId() + "?region=" + region);
        return links;
    }

    // ------------------------------------------------------------------ logs

    private int logs(CommandLine line) {
        BuildId id = buildId(line.positional(0));
        boolean follow = line.flag("--follow");
        DynamoBuildHistory history = history();
        Optional<BuildRecord> build = history.find(id);
        if (build.isEmpty()) {
            return notFound(id);
        }
        try (CloudWatchLogsClient logs = clients.build(CloudWatchLogsClient.builder())) {
            Deadline deadline = Deadline.in(followLimit, clock);
            String stream = null;
            String token = null;
            while (true) {
                BuildRecord now = build.get();
                if (now.taskArn() != null) {
                    String current = LogLinks.streamName(containerName(), taskId(now.taskArn()));
                    if (!current.equals(stream)) {
                        stream = current;   // a rebuild or relaunch: its own task, its own stream
                        token = null;
                    }
                    Optional<String> next = printNewLines(logs, stream, token);
                    if (next.isEmpty() && !follow) {
                        err.println("no log stream " + stream + " in " + target.kanikoLogGroup() + " (yet)");
                        return Kft.FAILED;
                    }
                    token = next.orElse(token);
                } else if (!follow) {
                    err.println("build " + id.value() + " has no task yet (" + now.status() + ")");
                    return Kft.FAILED;
                }
                if (!follow) {
                    return Kft.OK;
                }
                if (now.status().isFinal() || now.status() == BuildStatus.FAILED_TO_LAUNCH) {
                    err.println("build " + id.value() + " ended: " + now.status());
                    return Kft.OK;
                }
                if (!deadline.allows(pollInterval)) {
                    err.println("build " + id.value() + " still " + now.status() + " after " + followLimit + "; stopped following");
                    return Kft.FAILED;
                }
                sleeper.sleep(pollInterval);
                build = history.find(id);
                if (build.isEmpty()) {
                    return notFound(id);
                }
            }
        }
    }

    /**
     * Prints every line of the stream after {@code token}; returns the token to continue from, or empty
     * when the stream does not exist. GetLogEvents signals the end by returning the token it was given.
     */
    private Optional<String> printNewLines(CloudWatchLogsClient logs, String stream, String token) {
        String from = token;
        try {
            while (true) {
                String start = from;
                GetLogEventsResponse page = logs.getLogEvents(r -> r.logGroupName(target.kanikoLogGroup()).logStreamName(stream)
                        .startFromHead(true).nextToken(start));
                for (OutputLogEvent event : page.events()) {
                    out.println(event.message());
                }
                if (page.nextForwardToken() == null || page.nextForwardToken().equals(from) || page.events().isEmpty()) {
                    return Optional.ofNullable(page.nextForwardToken() == null ? from : page.nextForwardToken());
                }
                from = page.nextForwardToken();
            }
        } catch (ResourceNotFoundException noStreamYet) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ rebuild

    private int rebuild(CommandLine line) {
        BuildId id = buildId(line.positional(0));
        Optional<BuildRecord> found = history().find(id);
        if (found.isEmpty()) {
            return notFound(id);
        }
        BuildRecord build = found.get();
        BuildStatus status = build.status();
        // The commit tag is immutable: a build that pushed its image cannot push it again.
        if (status == BuildStatus.SUCCEEDED || !(status.isFinal() || status == BuildStatus.FAILED_TO_LAUNCH)) {
            err.println("build " + id.value() + " is " + status + ": only a build that ended without its image (FAILED, FAILED_TO_START,"
                    + " FAILED_TO_LAUNCH, CANCELLED) can be rebuilt");
            return Kft.FAILED;
        }
        if (build.kanikoArgs().isEmpty()) {
            err.println("build " + id.value() + " has no recorded kaniko arguments to rebuild with");
            return Kft.FAILED;
        }
        EcsBuildLauncher.Config config = EcsBuildLauncher.Config.fromEnvironment(target.launchEnvironment().get()::get);
        String requestedBy = callerIdentity();
        try (DynamoDbClient dynamo = clients.build(DynamoDbClient.builder()); EcsClient ecs = clients.build(EcsClient.builder())) {
            Optional<BuildRecord> claimed = new DynamoBuildOperations(dynamo, target.ledgerTable())
                    .claimRebuild(id, build.attempt(), status, requestedBy, clock.instant());
            if (claimed.isEmpty()) {
                err.println("build " + id.value() + " changed meanwhile (another rebuild?): nothing launched; see bin/kft builds show " + id.value());
                return Kft.FAILED;
            }
            int attempt = claimed.get().attempt();
            // The recorded arguments, byte for byte: the same commit, destinations and labels.
            CapacityFallback.LaunchResult result = new CapacityFallback(new EcsBuildLauncher(ecs, config))
                    .launch(build.relaunch(attempt, build.kanikoArgs()));
            switch (result) {
                case CapacityFallback.Launched launched -> {
                    new DynamoBuildResults(dynamo, target.ledgerTable()).recordRelaunched(id, attempt, launched.taskArn(), clock.instant());
                    out.println("build " + id.value() + " attempt " + attempt + " QUEUED: task " + launched.taskArn());
                    return Kft.OK;
                }
                case CapacityFallback.GaveUp gaveUp -> {
                    new DynamoBuildOperations(dynamo, target.ledgerTable()).recordRebuildFailed(id, attempt, gaveUp.reason(), clock.instant());
                    err.println("build " + id.value() + " attempt " + attempt + " FAILED_TO_LAUNCH: " + gaveUp.reason());
                    return Kft.FAILED;
                }
            }
        }
    }

    // ------------------------------------------------------------------ cancel

    private int cancel(CommandLine line) {
        BuildId id = buildId(line.positional(0));
        Optional<BuildRecord> found = history().find(id);
        if (found.isEmpty()) {
            return notFound(id);
        }
        BuildRecord build = found.get();
        if (build.status().isFinal()) {
            err.println("build " + id.value() + " is " + build.status() + " already: nothing to cancel");
            return Kft.FAILED;
        }
        String cancelledBy = callerIdentity();
        String reason = line.has("--reason") ? line.value("--reason") : "cancelled with bin/kft builds cancel";
        String task;
        try (DynamoDbClient dynamo = clients.build(DynamoDbClient.builder())) {
            Optional<BuildRecord> cancelled = new DynamoBuildOperations(dynamo, target.ledgerTable())
                    .cancel(id, build.attempt(), cancelledBy, reason, clock.instant());
            if (cancelled.isEmpty()) {
                err.println("build " + id.value() + " ended or moved to another attempt meanwhile: nothing cancelled");
                return Kft.FAILED;
            }
            // The task as recorded when the build was cancelled: its first state event may have come since the read.
            task = cancelled.get().taskArn();
        }
        if (task != null) {
            String stopReason = "Cancelled by " + cancelledBy + ": " + reason;
            try (EcsClient ecs = clients.build(EcsClient.builder())) {
                ecs.stopTask(r -> r.cluster(target.cluster()).task(task)
                        .reason(stopReason.length() <= STOP_REASON_LIMIT ? stopReason : stopReason.substring(0, STOP_REASON_LIMIT)));
            } catch (RuntimeException e) {
                err.println("build " + id.value() + " is CANCELLED in the ledger, but its task may still run: StopTask failed: " + e.getMessage());
                return Kft.FAILED;
            }
        }
        out.println("build " + id.value() + " CANCELLED by " + cancelledBy + (task == null
                ? " (no task recorded yet: one that started is stopped when its first state event arrives)" : "; task stopped"));
        return Kft.OK;
    }

    // ------------------------------------------------------------------ shared

    private DynamoBuildHistory history() {
        return new DynamoBuildHistory(clients.build(DynamoDbClient.builder()), target.ledgerTable());
    }

    /** The template names the kaniko container "kaniko"; an emulator's env-vars file may say otherwise. */
    private String containerName() {
        String name = target.emulated() ? target.launchEnvironment().get().get("KANIKO_CONTAINER_NAME") : null;
        return name == null || name.isBlank() ? "kaniko" : name;
    }

    /** Who is acting: the AWS caller identity when STS answers, else the local user. */
    private String callerIdentity() {
        try (StsClient sts = clients.build(StsClient.builder())) {
            return sts.getCallerIdentity().arn();
        } catch (RuntimeException noSts) {
            String user = env.apply("USER");
            return user == null || user.isBlank() ? "unknown" : user;
        }
    }

    private int notFound(BuildId id) {
        err.println("no build " + id.value() + " in " + target.ledgerTable());
        return Kft.FAILED;
    }

    private static BuildId buildId(String text) {
        try {
            return new BuildId(text);
        } catch (IllegalArgumentException e) {
            throw new Kft.UsageException("not a build id (32 lowercase hex characters): " + text);
        }
    }

    private static BuildStatus status(String text) {
        try {
            return BuildStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Kft.UsageException("--status " + text + " is not one of " + List.of(BuildStatus.values()));
        }
    }

    /** {@code 45m}, {@code 2h}, {@code 3d}. */
    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new Kft.UsageException("--since " + text + " is not a duration like 45m, 2h or 3d");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static int positive(CommandLine line, String option, int fallback) {
        if (!line.has(option)) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(line.value(option));
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new Kft.UsageException(option + " " + line.value(option) + " is not a positive whole number");
    }

    static String taskId(String taskArn) {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    private static String shortCommit(String commitId) {
        return commitId == null ? "-" : commitId.substring(0, Math.min(12, commitId.length()));
    }

    static String humanDuration(Long millis) {
        if (millis == null) {
            return "-";
        }
        long seconds = millis / 1000;
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }

    /** Options with values, flags without, and an exact number of positional arguments. */
    record CommandLine(Map<String, String> values, List<String> flags, List<String> positionals) {
        static CommandLine parse(List<String> args, List<String> withValue, List<String> flags, int positionalCount) {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> seen = new ArrayList<>();
            List<String> positionals = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (withValue.contains(arg)) {
                    if (i + 1 >= args.size()) {
                        throw new Kft.UsageException(arg + " needs a value");
                    }
                    values.put(arg, args.get(++i));
                } else if (flags.contains(arg)) {
                    seen.add(arg);
                } else if (arg.startsWith("-")) {
                    throw new Kft.UsageException("unknown option " + arg + " (see bin/kft --help)");
                } else {
                    positionals.add(arg);
                }
            }
            if (positionals.size() != positionalCount) {
                throw new Kft.UsageException(positionalCount == 0 ? "unexpected argument " + positionals.get(0)
                        : "expected " + positionalCount + " argument (a build id), got " + positionals.size());
            }
            return new CommandLine(values, seen, positionals);
        }

        boolean has(String option) {
            return values.containsKey(option);
        }

        String value(String option) {
            return values.get(option);
        }

        boolean flag(String flag) {
            return flags.contains(flag);
        }

        String positional(int index) {
            return positionals.get(index);
        }
    }
}
