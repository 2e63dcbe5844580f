package dev.kft.aws;

import static dev.kft.aws.LedgerItemCodec.BUILD_ID;
import static dev.kft.aws.LedgerItemCodec.COMMIT_ID;
import static dev.kft.aws.LedgerItemCodec.COMMIT_TAG;
import static dev.kft.aws.LedgerItemCodec.CONFIG_ERRORS;
import static dev.kft.aws.LedgerItemCodec.DEPLOY_TAGS;
import static dev.kft.aws.LedgerItemCodec.DESTINATIONS;
import static dev.kft.aws.LedgerItemCodec.FAILURE_REASON;
import static dev.kft.aws.LedgerItemCodec.IMAGE_BUILDS;
import static dev.kft.aws.LedgerItemCodec.IMAGE_REPOSITORY;
import static dev.kft.aws.LedgerItemCodec.KANIKO_ARGS;
import static dev.kft.aws.LedgerItemCodec.LAUNCH_CLAIM;
import static dev.kft.aws.LedgerItemCodec.LAUNCH_FAILURE;
import static dev.kft.aws.LedgerItemCodec.LAUNCH_LEASE_UNTIL;
import static dev.kft.aws.LedgerItemCodec.PLATFORM;
import static dev.kft.aws.LedgerItemCodec.REFS_NOT_BUILT;
import static dev.kft.aws.LedgerItemCodec.POLICY_FINDINGS;
import static dev.kft.aws.LedgerItemCodec.REF_KEY;
import static dev.kft.aws.LedgerItemCodec.SKIPPED_IMAGES;
import static dev.kft.aws.LedgerItemCodec.SKIP_REASON;
import static dev.kft.aws.LedgerItemCodec.STATUS;
import static dev.kft.aws.LedgerItemCodec.SUPERSEDED_AT;
import static dev.kft.aws.LedgerItemCodec.SUPERSEDED_BY;
import static dev.kft.aws.LedgerItemCodec.TASK_ARN;
import static dev.kft.aws.LedgerItemCodec.UPDATED_AT;
import static dev.kft.aws.LedgerItemCodec.key;
import static dev.kft.aws.LedgerItemCodec.numberValue;
import static dev.kft.aws.LedgerItemCodec.reasonValue;
import static dev.kft.aws.LedgerItemCodec.statusValue;
import static dev.kft.aws.LedgerItemCodec.tagsValue;
import static dev.kft.aws.LedgerItemCodec.textMapValue;
import static dev.kft.aws.LedgerItemCodec.textValue;
import static dev.kft.aws.LedgerItemCodec.textsValue;
import static dev.kft.aws.LedgerItemCodec.timeValue;

import dev.kft.core.BuildId;
import dev.kft.core.Supersession;
import dev.kft.push.BuildLedger;
import dev.kft.push.BuildPlan;
import dev.kft.result.BuildStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The build ledger in DynamoDB as PushFunction writes it: one item per build, keyed by {@code buildId}.
 * Layout and access patterns: README, "Build ledger"; {@link LedgerItemCodec} owns the item.
 */
public final class DynamoBuildLedger implements BuildLedger {
    /** How many of a branch's newest builds are looked at for superseding: enough for any realistic burst of pushes. */
    private static final int RECENT_BUILDS_OF_A_BRANCH = 25;

    /** {@link #abandoned} as a condition: QUEUED, no task recorded, the claim's lease run out (or none). */
    private static final String ABANDONED =
            "#status = :queued AND attribute_not_exists(#task) AND (attribute_not_exists(#lease) OR #lease < :nowMillis)";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoBuildLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * One conditional put. When the item exists, the failed put returns it (ALL_OLD), so a copy of a
     * delivery already handled is recognised without a second call: DUPLICATE when the build is not
     * to be taken over and already has this ref's deploy tags. Each claim carries a random id: when the
     * put succeeded but its answer was lost and the SDK re-sent it, the item found is this claim's own.
     */
    @Override
    public LaunchClaim claim(BuildPlan plan, Instant now, Duration lease) {
        long leaseUntil = now.plus(lease).toEpochMilli();
        String claimId = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new HashMap<>(LedgerItemCodec.newBuildItem(plan, now, leaseUntil));
        item.put(LAUNCH_CLAIM, textValue(claimId));
        Map<String, AttributeValue> existing;
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", BUILD_ID))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return LaunchClaim.NEW;
        } catch (ConditionalCheckFailedException exists) {
            existing = exists.hasItem() ? exists.item() : Map.of();
        }
        if (claimId.equals(LedgerItemCodec.text(existing, LAUNCH_CLAIM))) {
            return LaunchClaim.NEW;
        }
        if (!existing.isEmpty() && !mayTakeOver(existing, now) && LedgerItemCodec.tags(existing).containsAll(plan.tags().deployTags())) {
            return launching(existing) ? LaunchClaim.LAUNCH_IN_PROGRESS : LaunchClaim.DUPLICATE;
        }
        return takeOver(plan, now, leaseUntil, claimId);
    }

    /** What {@link #takeOver}'s condition accepts, read from the item in hand. */
    private static boolean mayTakeOver(Map<String, AttributeValue> item, Instant now) {
        return LedgerItemCodec.status(item) == BuildStatus.FAILED_TO_LAUNCH || abandoned(item, now);
    }

    /**
     * QUEUED without a task: a launch is under way, or done with its task's first state event still to
     * come (nothing is written after RunTask), or abandoned.
     */
    private static boolean launching(Map<String, AttributeValue> item) {
        return LedgerItemCodec.status(item) == BuildStatus.QUEUED && !item.containsKey(TASK_ARN);
    }

    /** A launch whose claim's lease ran out with no task recorded: its invocation is over, and no task has shown up. */
    private static boolean abandoned(Map<String, AttributeValue> item, Instant now) {
        Long lease = LedgerItemCodec.number(item, LAUNCH_LEASE_UNTIL);
        return launching(item) && (lease == null || lease < now.toEpochMilli());
    }

    /** The build exists: take it over only if its launch failed, or was abandoned with no task and an expired lease. */
    private LaunchClaim takeOver(BuildPlan plan, Instant now, long leaseUntil, String claimId) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(plan.buildId()))
                    .updateExpression("SET #status = :queued, #lease = :lease, #claim = :claim, #updated = :now REMOVE #failure")
                    .conditionExpression("#status = :failed OR (" + ABANDONED + ")")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#lease", LAUNCH_LEASE_UNTIL,
                            "#updated", UPDATED_AT, "#failure", LAUNCH_FAILURE, "#task", TASK_ARN, "#claim", LAUNCH_CLAIM))
                    .expressionAttributeValues(Map.of(":claim", textValue(claimId),
                            ":queued", statusValue(BuildStatus.QUEUED), ":failed", statusValue(BuildStatus.FAILED_TO_LAUNCH),
                            ":lease", numberValue(leaseUntil), ":now", timeValue(now), ":nowMillis", numberValue(now.toEpochMilli()))));
            return LaunchClaim.TAKEN_OVER;
        } catch (ConditionalCheckFailedException notOurs) {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(plan.buildId())).consistentRead(true)).item();
            if (claimId.equals(LedgerItemCodec.text(item, LAUNCH_CLAIM)) && launching(item)) {
                return LaunchClaim.TAKEN_OVER; // our own update, whose answer was lost
            }
            return item != null && !item.isEmpty() && launching(item) ? LaunchClaim.LAUNCH_IN_PROGRESS : LaunchClaim.ALREADY_LAUNCHED;
        }
    }

    /** Conditional on no task being recorded: a task's first state event means the launch worked and only its answer was lost. */
    @Override
    public void recordLaunchFailed(BuildId buildId, String reason, Instant now) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(buildId))
                    .updateExpression("SET #status = :failed, #failure = :reason, #updated = :now REMOVE #lease")
                    .conditionExpression("attribute_not_exists(#task)")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#failure", LAUNCH_FAILURE,
                            "#updated", UPDATED_AT, "#lease", LAUNCH_LEASE_UNTIL, "#task", TASK_ARN))
                    .expressionAttributeValues(Map.of(":failed", statusValue(BuildStatus.FAILED_TO_LAUNCH),
                            ":reason", reasonValue(reason), ":now", timeValue(now))));
        } catch (ConditionalCheckFailedException launched) {
            // The task is recorded: nothing to give back.
        }
    }

    @Override
    public BuiltImage addDeployTags(BuildId buildId, Collection<String> tags, Instant now) {
        // ALL_NEW: the tags and the image's digest and verdict read in the same atomic step, so a scan
        // verdict recorded just before is seen here, and one recorded just after sees these tags.
        Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                .key(key(buildId))
                .updateExpression("ADD #tags :tags SET #updated = :now")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#tags", DEPLOY_TAGS, "#updated", UPDATED_AT, "#id", BUILD_ID))
                .expressionAttributeValues(Map.of(":tags", tagsValue(List.copyOf(tags)), ":now", timeValue(now)))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return LedgerItemCodec.builtImage(item);
    }

    @Override
    public void recordRefNotBuilt(BuildId buildId, String refFullName, String reason, Instant now) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(buildId))
                .updateExpression("ADD #refs :ref SET #updated = :now")
                .expressionAttributeNames(Map.of("#refs", REFS_NOT_BUILT, "#updated", UPDATED_AT))
                .expressionAttributeValues(Map.of(":ref", tagsValue(List.of(refFullName + ": " + reason)), ":now", timeValue(now))));
    }

    /**
     * Back to QUEUED as the next attempt, only while the item still records the gone image: its task,
     * result, publication and verdict belong to the image that is gone, so they are removed (the
     * result side then records and publishes the new attempt's result like a first one).
     */
    @Override
    public Optional<Integer> claimRebuild(BuildPlan plan, String goneDigest, Instant now, Duration lease) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                    .key(key(plan.buildId()))
                    .updateExpression("SET #status = :queued, #attempt = #attempt + :one, #lease = :lease, #args = :args, "
                            + "#destinations = :destinations, #updated = :now "
                            + "REMOVE #digest, #task, #version, #finished, #published, #publishLease, #verdict, #action, #exit, #failure, "
                            + "#supersededBy, #supersededAt")
                    .conditionExpression("#digest = :gone")
                    .expressionAttributeNames(Map.ofEntries(Map.entry("#status", STATUS), Map.entry("#attempt", LedgerItemCodec.ATTEMPT),
                            Map.entry("#lease", LAUNCH_LEASE_UNTIL), Map.entry("#args", KANIKO_ARGS), Map.entry("#destinations", DESTINATIONS),
                            Map.entry("#updated", UPDATED_AT), Map.entry("#digest", LedgerItemCodec.IMAGE_DIGEST), Map.entry("#task", TASK_ARN),
                            Map.entry("#version", LedgerItemCodec.TASK_VERSION), Map.entry("#finished", LedgerItemCodec.FINISHED_AT),
                            Map.entry("#published", LedgerItemCodec.RESULT_PUBLISHED_AT),
                            Map.entry("#publishLease", LedgerItemCodec.RESULT_PUBLISH_LEASE_UNTIL),
                            Map.entry("#verdict", LedgerItemCodec.SCAN_VERDICT), Map.entry("#action", LedgerItemCodec.SCAN_ACTION),
                            Map.entry("#exit", LedgerItemCodec.EXIT_CODE), Map.entry("#failure", LAUNCH_FAILURE),
                            // A new ref asked for this commit again: whatever superseded the gone image's build does not stop its rebuild.
                            Map.entry("#supersededBy", SUPERSEDED_BY), Map.entry("#supersededAt", SUPERSEDED_AT)))
                    .expressionAttributeValues(Map.of(":queued", statusValue(BuildStatus.QUEUED), ":one", numberValue(1),
                            ":lease", numberValue(now.plus(lease).toEpochMilli()),
                            ":args", AttributeValue.fromL(plan.kanikoArgs().stream().map(AttributeValue::fromS).toList()),
                            ":destinations", AttributeValue.fromL(plan.destinations().stream().map(AttributeValue::fromS).toList()),
                            ":now", timeValue(now), ":gone", textValue(goneDigest)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(LedgerItemCodec.number(item, LedgerItemCodec.ATTEMPT).intValue());
        } catch (ConditionalCheckFailedException another) {
            return Optional.empty();
        }
    }

    @Override
    public void recordSkipped(BuildId buildId, String reason, Instant now) {
        decide(buildId, BuildStatus.SKIPPED, SKIP_REASON, reasonValue(reason), now);
    }

    @Override
    public void recordConfigFailed(BuildId buildId, List<String> errors, Instant now) {
        decide(buildId, BuildStatus.FAILED_CONFIG, CONFIG_ERRORS, textsValue(errors), now);
    }

    @Override
    public void recordPolicyFailed(BuildId buildId, List<String> findings, Instant now) {
        decide(buildId, BuildStatus.FAILED_POLICY, POLICY_FINDINGS, textsValue(findings), now);
    }

    @Override
    public void recordPolicyWarnings(BuildId buildId, List<String> findings, Instant now) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(buildId))
                .updateExpression("SET #findings = :findings, #updated = :now")
                .expressionAttributeNames(Map.of("#findings", POLICY_FINDINGS, "#updated", UPDATED_AT))
                .expressionAttributeValues(Map.of(":findings", textsValue(findings), ":now", timeValue(now))));
    }

    /**
     * The push record of a configured repository is no build: it loses the default image's attributes
     * (so the scan gate's byImage index never finds it) and names its image builds instead.
     */
    @Override
    public void recordConfigured(BuildId pushRecord, Map<String, BuildId> imageBuilds, Map<String, String> skippedImages, Instant now) {
        Map<String, String> builds = new java.util.LinkedHashMap<>();
        imageBuilds.forEach((name, id) -> builds.put(name, id.value()));
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(pushRecord))
                .updateExpression("SET #status = :configured, #builds = :builds, #skipped = :skipped, #updated = :now "
                        + "REMOVE #lease, #failure, #image, #commitTag, #destinations, #args, #platform")
                .expressionAttributeNames(Map.ofEntries(Map.entry("#status", STATUS), Map.entry("#builds", IMAGE_BUILDS),
                        Map.entry("#skipped", SKIPPED_IMAGES), Map.entry("#updated", UPDATED_AT), Map.entry("#lease", LAUNCH_LEASE_UNTIL),
                        Map.entry("#failure", LAUNCH_FAILURE), Map.entry("#image", IMAGE_REPOSITORY), Map.entry("#commitTag", COMMIT_TAG),
                        Map.entry("#destinations", DESTINATIONS), Map.entry("#args", KANIKO_ARGS), Map.entry("#platform", PLATFORM)))
                .expressionAttributeValues(Map.of(":configured", statusValue(BuildStatus.CONFIGURED), ":builds", textMapValue(builds),
                        ":skipped", textMapValue(skippedImages), ":now", timeValue(now))));
    }

    /** A status PushFunction decides before any task: final, with what explains it; the launch lease is given back. */
    private void decide(BuildId buildId, BuildStatus status, String explanation, AttributeValue value, Instant now) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(buildId))
                .updateExpression("SET #status = :status, #why = :why, #updated = :now REMOVE #lease, #failure")
                .expressionAttributeNames(Map.of("#status", STATUS, "#why", explanation, "#updated", UPDATED_AT,
                        "#lease", LAUNCH_LEASE_UNTIL, "#failure", LAUNCH_FAILURE))
                .expressionAttributeValues(Map.of(":status", statusValue(status), ":why", value, ":now", timeValue(now))));
    }

    /** The branch's recent builds from the byRef index (newest first), kept when they build the same image and are not over. */
    @Override
    public List<InFlightBuild> inFlightBuildsOfRef(BuildPlan plan) {
        String refKey = LedgerItemCodec.refKey(plan.change().repository(), plan.change().refFullName());
        List<InFlightBuild> inFlight = new java.util.ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.query(r -> r.tableName(table).indexName(LedgerTable.BY_REF_INDEX)
                .keyConditionExpression("#ref = :ref")
                .expressionAttributeNames(Map.of("#ref", REF_KEY))
                .expressionAttributeValues(Map.of(":ref", textValue(refKey)))
                .scanIndexForward(false)
                .limit(RECENT_BUILDS_OF_A_BRANCH)).items()) {
            BuildStatus status = LedgerItemCodec.status(item);
            boolean running = status == BuildStatus.QUEUED || status == BuildStatus.PROVISIONING
                    || status == BuildStatus.PENDING || status == BuildStatus.RUNNING;
            if (running && plan.imageRepository().equals(LedgerItemCodec.text(item, IMAGE_REPOSITORY))
                    && !plan.buildId().value().equals(LedgerItemCodec.text(item, BUILD_ID))
                    && !item.containsKey(SUPERSEDED_BY)) {
                inFlight.add(new InFlightBuild(new BuildId(LedgerItemCodec.text(item, BUILD_ID)), LedgerItemCodec.text(item, COMMIT_ID),
                        LedgerItemCodec.text(item, TASK_ARN), LedgerItemCodec.pushedAt(item)));
            }
        }
        return inFlight;
    }

    /**
     * One conditional update marks a build not final yet and returns it as now recorded: its task, if its
     * first state event recorded one (since the caller's query too), is the caller's to stop; a task not
     * recorded yet finds the mark when its first event arrives (TaskStateFunction stops it). Only an
     * abandoned launch (QUEUED, no task, its claim's lease run out: its invocation died before RunTask)
     * takes a second write: CANCELLED at once, so a late retry of its push takes nothing over.
     */
    @Override
    public Superseded markSuperseded(BuildId buildId, String newerCommitId, Instant now) {
        Map<String, AttributeValue> item;
        try {
            item = dynamo.updateItem(r -> r.tableName(table)
                    .key(key(buildId))
                    .updateExpression("SET #by = :by, #at = :now, #updated = :now")
                    .conditionExpression("#status IN (:queued, :provisioning, :pending, :running) AND attribute_not_exists(#by)")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#by", SUPERSEDED_BY, "#at", SUPERSEDED_AT, "#updated", UPDATED_AT))
                    .expressionAttributeValues(Map.of(":by", textValue(newerCommitId), ":now", timeValue(now),
                            ":queued", statusValue(BuildStatus.QUEUED), ":provisioning", statusValue(BuildStatus.PROVISIONING),
                            ":pending", statusValue(BuildStatus.PENDING), ":running", statusValue(BuildStatus.RUNNING)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (ConditionalCheckFailedException overOrAlreadyMarked) {
            return Superseded.NOT_MARKED;
        }
        if (abandoned(item, now)) {
            cancelAbandonedLaunch(buildId, newerCommitId, now);
        }
        return new Superseded(true, LedgerItemCodec.text(item, TASK_ARN));
    }

    /** Still abandoned (no take-over, no task since): CANCELLED. Otherwise the mark stands and the task's events end it. */
    private void cancelAbandonedLaunch(BuildId buildId, String newerCommitId, Instant now) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(buildId))
                    .updateExpression("SET #status = :cancelled, #why = :why, #updated = :now REMOVE #lease")
                    .conditionExpression(ABANDONED)
                    .expressionAttributeNames(Map.of("#status", STATUS, "#why", FAILURE_REASON, "#updated", UPDATED_AT,
                            "#lease", LAUNCH_LEASE_UNTIL, "#task", TASK_ARN))
                    .expressionAttributeValues(Map.of(":cancelled", statusValue(BuildStatus.CANCELLED), ":queued",
                            statusValue(BuildStatus.QUEUED), ":now", timeValue(now), ":why", reasonValue(Supersession.reason(newerCommitId)),
                            ":nowMillis", numberValue(now.toEpochMilli()))));
        } catch (ConditionalCheckFailedException takenOverOrLaunched) {
            // A retry took the build over, or its task was recorded: the mark stands, and its task is stopped when known.
        }
    }

    /** The caller holds this build's claim: it is decided here, like any status decided at the push. */
    @Override
    public void recordSupersededOnArrival(BuildId buildId, String newerCommitId, Instant now) {
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(buildId))
                .updateExpression("SET #status = :cancelled, #by = :by, #at = :now, #why = :why, #updated = :now REMOVE #lease, #failure")
                .expressionAttributeNames(Map.of("#status", STATUS, "#by", SUPERSEDED_BY, "#at", SUPERSEDED_AT,
                        "#why", FAILURE_REASON, "#updated", UPDATED_AT, "#lease", LAUNCH_LEASE_UNTIL, "#failure", LAUNCH_FAILURE))
                .expressionAttributeValues(Map.of(":cancelled", statusValue(BuildStatus.CANCELLED), ":by", textValue(newerCommitId),
                        ":now", timeValue(now), ":why", reasonValue(Supersession.reason(newerCommitId)))));
    }

}
