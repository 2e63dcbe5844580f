package dev.kft.aws;

import dev.kft.core.BuildId;
import dev.kft.core.Json;
import dev.kft.core.Log;
import dev.kft.core.Platform;
import dev.kft.core.ScanVerdict;
import dev.kft.gate.BuildInfo;
import dev.kft.gate.GateAction;
import dev.kft.gate.Verdict;
import dev.kft.push.BuildLedger.BuiltImage;
import dev.kft.push.BuildPlan;
import dev.kft.result.BuildRecord;
import dev.kft.result.BuildResult;
import dev.kft.result.BuildStatus;
import dev.kft.result.BuildTimings;
import dev.kft.source.CommitInfo;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The build ledger item, the one place that knows its attribute names and DynamoDB types: encodes a
 * new build, decodes an item into the domain's views of it, and parses the statuses, verdicts and
 * actions written as text. Adapters build their update expressions from the names here.
 *
 * <p>Reading text that names no known value: a build's {@link #STATUS} is required, so an unreadable
 * one throws {@link UnreadableLedgerItemException} (the invocation fails and is retried, then
 * dead-lettered: nothing acts on a build it cannot read). A scan verdict or action is optional: an
 * unreadable one is logged and read as {@link Optional#empty()}, exactly like one not recorded yet.
 */
public final class LedgerItemCodec {
    // Written by PushFunction (README, "Build ledger"). Types: S unless noted.
    public static final String BUILD_ID = "buildId";
    public static final String REPOSITORY = "repository";
    /** {@code <repository>#<refFullName>}: partition key of the by-ref index. */
    public static final String REF_KEY = "refKey";
    public static final String REF_TYPE = "refType";
    public static final String REF_NAME = "refName";
    public static final String REF_FULL_NAME = "refFullName";
    public static final String COMMIT_ID = "commitId";
    public static final String IMAGE_REPOSITORY = "imageRepository";
    /** S: the image's name in the repository's .kft.yaml; absent for a repository without one. */
    public static final String IMAGE_NAME = "imageName";
    /** S: linux/amd64 or linux/arm64; absent means linux/amd64. */
    public static final String PLATFORM = "platform";
    /** L of S: the Dockerfile policy's findings (WARN: reported; FAILED_POLICY: why nothing was built). */
    public static final String POLICY_FINDINGS = "policyFindings";
    /** L of S: every .kft.yaml error with its line and column (FAILED_CONFIG). */
    public static final String CONFIG_ERRORS = "configErrors";
    /** S: why a push built nothing (SKIPPED). */
    public static final String SKIP_REASON = "skipReason";
    /** M of S: a configured push's image builds, image name → build id. */
    public static final String IMAGE_BUILDS = "imageBuilds";
    /** M of S: a configured push's images that did not build, image name → why. */
    public static final String SKIPPED_IMAGES = "skippedImages";
    /** S, ISO-8601: when the push happened (its event's time); orders the builds of a branch. */
    public static final String PUSHED_AT = "pushedAt";
    /** S: the newer commit of the branch that superseded this build (it ends CANCELLED; its task is stopped by whoever knows it first). */
    public static final String SUPERSEDED_BY = "supersededBy";
    public static final String SUPERSEDED_AT = "supersededAt";
    public static final String COMMIT_TAG = "commitTag";
    /** SS; absent when the build has none. */
    public static final String DEPLOY_TAGS = "deployTags";
    /** L of S. */
    public static final String DESTINATIONS = "destinations";
    /** L of S. */
    public static final String KANIKO_ARGS = "kanikoArgs";
    /** {@link BuildPlan.Capacity} name. */
    public static final String CAPACITY = "capacity";
    /** SS of "<ref>: <reason>": refs that pointed at this build's commit after the gate deleted its image. */
    public static final String REFS_NOT_BUILT = "refsNotBuilt";
    /** Random per claim call: a claim whose answer was lost is recognised as the caller's own when the SDK re-sends it. */
    public static final String LAUNCH_CLAIM = "launchClaim";
    /** {@link BuildStatus} name on a build item; {@link VerdictItemStatus} name on a verdict item. */
    public static final String STATUS = "status";
    /** N. */
    public static final String ATTEMPT = "attempt";
    /** ISO-8601 UTC, so text order is time order (the indexes' sort key). */
    public static final String QUEUED_AT = "queuedAt";
    public static final String UPDATED_AT = "updatedAt";
    /** N, epoch millis. */
    public static final String LAUNCH_LEASE_UNTIL = "launchLeaseUntil";
    public static final String LAUNCHED_AT = "launchedAt";
    public static final String LAUNCH_FAILURE = "launchFailureReason";
    public static final String TASK_ARN = "taskArn";
    public static final String EVENT_ID = "eventId";
    /**
     * {@value #BUILD_KIND} on every build item, never on a verdict item: the constant partition key of
     * the {@code byTime} index, which lists the builds of every repository newest first.
     */
    public static final String LEDGER_KIND = "ledgerKind";
    public static final String BUILD_KIND = "build";

    // Scan gate: its verdict, noted on the build item of a gated image...
    /** {@link ScanVerdict} name. */
    public static final String SCAN_VERDICT = "scanVerdict";
    /** {@link GateAction} name. */
    public static final String SCAN_ACTION = "scanAction";
    public static final String SCANNED_AT = "scannedAt";
    // ...and one verdict item per image, keyed {@code verdict#<imageRepository>@<digest>} (see {@link #verdictKey}).
    // It carries none of the indexes' key attributes, so it never appears in them.
    public static final String VERDICT_KEY_PREFIX = "verdict#";
    /** The gated image's ECR repository on a verdict item (not {@link #IMAGE_REPOSITORY}: that would put it in byImage). */
    public static final String GATED_REPOSITORY = "gatedRepository";
    public static final String EVENT_TIME = "eventTime";
    /** Verdict item: epoch millis ordering the scans of one image (the event's time, or when an untimed event was claimed). */
    public static final String SCAN_ORDER_MILLIS = "scanOrderMillis";
    /** N, epoch millis. */
    public static final String LEASE_UNTIL = "leaseUntil";
    /** The recorded verdict, findings included, as JSON. */
    public static final String VERDICT = "verdict";

    // Written by TaskStateFunction (README, "Build ledger").
    /** N: ECS {@code detail.version} last recorded for the current attempt's task; orders that task's events. */
    public static final String TASK_VERSION = "taskVersion";
    /** N. */
    public static final String EXIT_CODE = "exitCode";
    public static final String STOP_CODE = "stopCode";
    public static final String STOPPED_REASON = "stoppedReason";
    /** Why a final build did not succeed, in a sentence. */
    public static final String FAILURE_REASON = "failureReason";
    /** N (and the three below). */
    public static final String QUEUED_MILLIS = "queuedMillis";
    public static final String PROVISIONING_MILLIS = "provisioningMillis";
    public static final String BUILDING_MILLIS = "buildingMillis";
    public static final String TOTAL_MILLIS = "totalMillis";
    /** Present once the build is final: its result is decoded only then. */
    public static final String FINISHED_AT = "finishedAt";
    public static final String IMAGE_DIGEST = "imageDigest";
    /** Set instead of {@link #IMAGE_DIGEST} when a successful build's image is not in ECR. */
    public static final String IMAGE_MISSING_REASON = "imageMissingReason";
    public static final String LOG_URL = "logUrl";
    /** Commit author from GetCommit; the scan gate's notifications read them too. May be absent. */
    public static final String AUTHOR_NAME = "authorName";
    public static final String AUTHOR_EMAIL = "authorEmail";
    /** The commit message's first line. */
    public static final String COMMIT_MESSAGE = "commitMessage";
    /** The commit's first parent; absent for a root commit. */
    public static final String PARENT_COMMIT_ID = "parentCommitId";
    /** The Spot task whose interruption led to the current attempt. */
    public static final String INTERRUPTED_TASK_ARN = "interruptedTaskArn";
    public static final String INTERRUPTED_AT = "interruptedAt";
    public static final String INTERRUPTION_REASON = "interruptionReason";
    /** N: epoch millis until which one invocation is publishing the final result. */
    public static final String RESULT_PUBLISH_LEASE_UNTIL = "resultPublishLeaseUntil";
    public static final String RESULT_PUBLISHED_AT = "resultPublishedAt";
    public static final String COMMENT_ID = "commentId";
    public static final String COMMENT_ERROR = "commentError";

    // Written by an operator's bin/kft builds rebuild / cancel (README, "Operate it").
    /** N: the attempt a rebuild repeated; the rebuild is the item's current {@link #ATTEMPT}. */
    public static final String REBUILD_OF = "rebuildOf";
    /** Who asked for the rebuild (caller identity ARN, else the local user name). */
    public static final String REQUESTED_BY = "requestedBy";
    /** Who cancelled the build, and why. */
    public static final String CANCELLED_BY = "cancelledBy";
    public static final String CANCEL_REASON = "cancelReason";

    /** Free text (reasons) is cut to this length so one item stays far below DynamoDB's 400 KB. */
    public static final int MAX_REASON_LENGTH = 1024;

    /** Where the gate's handling of one image's scan stands, on its verdict item. */
    public enum VerdictItemStatus {
        /** An invocation holds the item (until its lease runs out) and is acting on the scan. */
        EVALUATING,
        /** The scan event was handled completely. */
        DONE
    }

    /** A ledger item holds text in a required attribute that this code cannot read. */
    public static final class UnreadableLedgerItemException extends IllegalStateException {
        public UnreadableLedgerItemException(String message) {
            super(message);
        }
    }

    private LedgerItemCodec() {}

    // --- keys -------------------------------------------------------------------------------------

    public static Map<String, AttributeValue> key(BuildId buildId) {
        return Map.of(BUILD_ID, AttributeValue.fromS(buildId.value()));
    }

    /** The key of an image's verdict item. */
    public static Map<String, AttributeValue> verdictKey(String imageRepository, String imageDigest) {
        return Map.of(BUILD_ID, AttributeValue.fromS(VERDICT_KEY_PREFIX + imageRepository + "@" + imageDigest));
    }

    public static String refKey(String repository, String refFullName) {
        return repository + "#" + refFullName;
    }

    /** A verdict item shares the table with the builds; its key says which it is. */
    public static boolean isVerdictItem(Map<String, AttributeValue> item) {
        String id = text(item, BUILD_ID);
        return id != null && id.startsWith(VERDICT_KEY_PREFIX);
    }

    // --- encoding ---------------------------------------------------------------------------------

    /** The item PushFunction records for a new build: QUEUED, holding the launch lease until {@code launchLeaseUntil}. */
    public static Map<String, AttributeValue> newBuildItem(BuildPlan plan, Instant now, long launchLeaseUntil) {
        Map<String, AttributeValue> item = new HashMap<>(key(plan.buildId()));
        var change = plan.change();
        item.put(REPOSITORY, textValue(change.repository()));
        item.put(REF_KEY, textValue(refKey(change.repository(), change.refFullName())));
        item.put(REF_TYPE, textValue(change.refType().name()));
        item.put(REF_NAME, textValue(change.refName()));
        item.put(REF_FULL_NAME, textValue(change.refFullName()));
        item.put(COMMIT_ID, textValue(change.commitId()));
        item.put(IMAGE_REPOSITORY, textValue(plan.imageRepository()));
        if (plan.imageName() != null) {
            item.put(IMAGE_NAME, textValue(plan.imageName()));
        }
        item.put(PLATFORM, textValue(plan.platform().text()));
        if (!plan.policyFindings().isEmpty()) {
            item.put(POLICY_FINDINGS, textsValue(plan.policyFindings()));
        }
        item.put(COMMIT_TAG, textValue(plan.tags().commitTag()));
        item.put(LEDGER_KIND, textValue(BUILD_KIND));
        if (!plan.tags().deployTags().isEmpty()) {
            item.put(DEPLOY_TAGS, tagsValue(plan.tags().deployTags()));
        }
        item.put(DESTINATIONS, AttributeValue.fromL(plan.destinations().stream().map(AttributeValue::fromS).toList()));
        item.put(KANIKO_ARGS, AttributeValue.fromL(plan.kanikoArgs().stream().map(AttributeValue::fromS).toList()));
        item.put(CAPACITY, textValue(plan.capacity().name()));
        item.put(STATUS, statusValue(BuildStatus.QUEUED));
        item.put(ATTEMPT, numberValue(plan.attempt()));
        item.put(QUEUED_AT, timeValue(now));
        item.put(PUSHED_AT, timeValue(change.eventTime() != null ? change.eventTime() : now));
        item.put(UPDATED_AT, timeValue(now));
        item.put(LAUNCH_LEASE_UNTIL, numberValue(launchLeaseUntil));
        if (change.eventId() != null) {
            item.put(EVENT_ID, textValue(change.eventId()));
        }
        return item;
    }

    /** S; null for null, so an update leaves the attribute out. */
    public static AttributeValue textValue(String value) {
        return value == null ? null : AttributeValue.fromS(value);
    }

    /** S cut to {@link #MAX_REASON_LENGTH}; null for null. */
    public static AttributeValue reasonValue(String reason) {
        return textValue(bounded(reason));
    }

    /** N; null for null. */
    public static AttributeValue numberValue(Number value) {
        return value == null ? null : AttributeValue.fromN(Long.toString(value.longValue()));
    }

    /** S, ISO-8601 UTC; null for null. */
    public static AttributeValue timeValue(Instant value) {
        return value == null ? null : AttributeValue.fromS(value.toString());
    }

    /** N, epoch millis (leases). */
    public static AttributeValue millisValue(Instant value) {
        return AttributeValue.fromN(Long.toString(value.toEpochMilli()));
    }

    /** L of S, in order. */
    public static AttributeValue textsValue(List<String> texts) {
        return AttributeValue.fromL(texts.stream().map(AttributeValue::fromS).toList());
    }

    /** M of S. */
    public static AttributeValue textMapValue(Map<String, String> entries) {
        Map<String, AttributeValue> map = new java.util.LinkedHashMap<>();
        entries.forEach((name, value) -> map.put(name, AttributeValue.fromS(value)));
        return AttributeValue.fromM(map);
    }

    public static AttributeValue tagsValue(List<String> tags) {
        return AttributeValue.fromSs(tags);
    }

    public static AttributeValue statusValue(BuildStatus status) {
        return AttributeValue.fromS(status.name());
    }

    public static AttributeValue verdictValue(ScanVerdict verdict) {
        return AttributeValue.fromS(verdict.name());
    }

    public static AttributeValue actionValue(GateAction action) {
        return AttributeValue.fromS(action.name());
    }

    public static AttributeValue verdictItemStatusValue(VerdictItemStatus status) {
        return AttributeValue.fromS(status.name());
    }

    /** The verdict, findings included, as the verdict item keeps it. */
    public static AttributeValue recordedVerdictValue(Verdict verdict) {
        return AttributeValue.fromS(Json.write(verdict.toMap()));
    }

    static String bounded(String text) {
        return text == null || text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }

    // --- decoding ---------------------------------------------------------------------------------

    /** The build as the result side reads it. */
    public static BuildRecord buildRecord(Map<String, AttributeValue> item) {
        Long attempt = number(item, ATTEMPT);
        return BuildRecord.builder()
                .buildId(new BuildId(text(item, BUILD_ID)))
                .repository(text(item, REPOSITORY))
                .refName(text(item, REF_NAME))
                .refFullName(text(item, REF_FULL_NAME))
                .commitId(text(item, COMMIT_ID))
                .imageName(text(item, IMAGE_NAME))
                .platform(platform(item))
                .imageRepository(text(item, IMAGE_REPOSITORY))
                .commitTag(text(item, COMMIT_TAG))
                .deployTags(tags(item))
                .destinations(texts(item, DESTINATIONS))
                .kanikoArgs(texts(item, KANIKO_ARGS))
                .policyFindings(texts(item, POLICY_FINDINGS))
                .status(status(item))
                .attempt(attempt == null ? 1 : attempt.intValue())
                .taskArn(text(item, TASK_ARN))
                .taskVersion(number(item, TASK_VERSION))
                .queuedAt(time(item, QUEUED_AT))
                .commit(item.containsKey(AUTHOR_NAME) ? new CommitInfo(text(item, AUTHOR_NAME), text(item, AUTHOR_EMAIL),
                        text(item, COMMIT_MESSAGE), text(item, PARENT_COMMIT_ID)) : null)
                .result(item.containsKey(FINISHED_AT) ? result(item) : null)
                .interruptedTaskArn(text(item, INTERRUPTED_TASK_ARN))
                .resultPublished(item.containsKey(RESULT_PUBLISHED_AT))
                .supersededBy(text(item, SUPERSEDED_BY))
                .build();
    }

    private static BuildResult result(Map<String, AttributeValue> item) {
        Long exitCode = number(item, EXIT_CODE);
        return new BuildResult(
                exitCode == null ? null : exitCode.intValue(),
                text(item, STOP_CODE),
                text(item, STOPPED_REASON),
                text(item, FAILURE_REASON),
                new BuildTimings(number(item, QUEUED_MILLIS), number(item, PROVISIONING_MILLIS), number(item, BUILDING_MILLIS),
                        number(item, TOTAL_MILLIS)),
                text(item, IMAGE_DIGEST),
                text(item, IMAGE_MISSING_REASON),
                text(item, LOG_URL),
                time(item, FINISHED_AT));
    }

    /** The build as the scan gate reads it. */
    public static BuildInfo buildInfo(Map<String, AttributeValue> item) {
        return new BuildInfo(text(item, BUILD_ID), text(item, REPOSITORY), text(item, REF_FULL_NAME), text(item, COMMIT_ID),
                text(item, COMMIT_TAG), tags(item), text(item, AUTHOR_NAME), text(item, AUTHOR_EMAIL));
    }

    /** The build's image as the push side reads it; for a configured push's record, its image builds. */
    public static BuiltImage builtImage(Map<String, AttributeValue> item) {
        List<BuildId> imageBuilds = textMap(item, IMAGE_BUILDS).values().stream().map(BuildId::new).toList();
        return new BuiltImage(text(item, IMAGE_REPOSITORY), text(item, IMAGE_DIGEST), scanVerdict(item), imageBuilds,
                scanAction(item).filter(action -> action == GateAction.DELETE).isPresent());
    }

    /** When the build's push happened; the time it was recorded for builds recorded before this was kept. */
    public static Instant pushedAt(Map<String, AttributeValue> item) {
        Instant pushed = time(item, PUSHED_AT);
        return pushed != null ? pushed : time(item, QUEUED_AT);
    }

    /** The platform an image is built for; linux/amd64 when absent (builds recorded before arm64 existed). */
    public static Platform platform(Map<String, AttributeValue> item) {
        String text = text(item, PLATFORM);
        Platform platform = text == null ? Platform.LINUX_AMD64 : Platform.fromText(text);
        if (platform == null) {
            throw new UnreadableLedgerItemException("build " + text(item, BUILD_ID) + " has an unknown platform: " + text);
        }
        return platform;
    }

    /** The Dockerfile policy's findings recorded for a build. */
    public static List<String> policyFindings(Map<String, AttributeValue> item) {
        return texts(item, POLICY_FINDINGS);
    }

    /** An M of S attribute, in the item's order; empty when absent. */
    public static Map<String, String> textMap(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        Map<String, String> map = new java.util.TreeMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((key, entry) -> map.put(key, entry.s()));
        }
        return map;
    }

    /** A build's status; required. */
    public static BuildStatus status(Map<String, AttributeValue> item) {
        return parse(BuildStatus.class, item, STATUS).orElseThrow(() -> new UnreadableLedgerItemException(
                "ledger item " + text(item, BUILD_ID) + " has no readable " + STATUS + ": " + text(item, STATUS)));
    }

    /** The scan gate's verdict on the build's image (or on a verdict item, the image's); empty until it has one. */
    public static Optional<ScanVerdict> scanVerdict(Map<String, AttributeValue> item) {
        return parse(ScanVerdict.class, item, SCAN_VERDICT);
    }

    /** What the scan gate did with the build's image; empty until it acted. */
    public static Optional<GateAction> scanAction(Map<String, AttributeValue> item) {
        return parse(GateAction.class, item, SCAN_ACTION);
    }

    /** Where a verdict item's scan handling stands; empty for a missing item. */
    public static Optional<VerdictItemStatus> verdictItemStatus(Map<String, AttributeValue> item) {
        return parse(VerdictItemStatus.class, item, STATUS);
    }

    /** The verdict a verdict item recorded before the gate acted, if it got that far. */
    public static Optional<Verdict> recordedVerdict(Map<String, AttributeValue> item) {
        return Optional.ofNullable(text(item, VERDICT)).map(json -> Verdict.fromMap(Json.parseObject(json)));
    }

    /**
     * Every attribute of an item as plain JSON values (S as text, N as a number, sets and lists as
     * arrays, BOOL as boolean), sorted by name: what an operator sees of a build, nothing left out.
     */
    public static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> plain = new java.util.TreeMap<>();
        item.forEach((name, value) -> plain.put(name, plainValue(value)));
        return plain;
    }

    private static Object plainValue(AttributeValue value) {
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return value.n().contains(".") ? (Object) new java.math.BigDecimal(value.n()) : (Object) Long.valueOf(value.n());
        }
        if (value.bool() != null) {
            return value.bool();
        }
        if (value.hasSs()) {
            return value.ss().stream().sorted().toList();
        }
        if (value.hasL()) {
            return value.l().stream().map(LedgerItemCodec::plainValue).toList();
        }
        if (value.hasM()) {
            return plain(value.m());
        }
        return null;
    }

    /** S, or null when absent (or the item is). */
    public static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null ? null : value.s();
    }

    /** N, or null when absent. */
    public static Long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null || value.n() == null ? null : Long.valueOf(value.n());
    }

    public static Instant time(Map<String, AttributeValue> item, String name) {
        String value = text(item, name);
        return value == null ? null : Instant.parse(value);
    }

    /** The deploy tags, sorted (a string set has no order). */
    public static List<String> tags(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(DEPLOY_TAGS);
        return value == null || !value.hasSs() ? List.of() : value.ss().stream().sorted().toList();
    }

    public static List<String> texts(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }

    /** The one parser of enum text in the ledger: empty when absent, and (logged) when it names no constant. */
    private static <E extends Enum<E>> Optional<E> parse(Class<E> type, Map<String, AttributeValue> item, String name) {
        String value = text(item, name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value));
        } catch (IllegalArgumentException unknown) {
            Log.warn("unreadable ledger value", "buildId", text(item, BUILD_ID), "attribute", name, "value", value,
                    "expected", type.getSimpleName());
            return Optional.empty();
        }
    }
}
