package dev.kft.push;

import dev.kft.core.BuildId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The push side of the ledger in memory, with the DynamoDB adapter's claim and supersede rules (the moto
 * ITs hold the adapter to them). {@link #taskRecorded} is what TaskStateFunction does at a task's first event.
 */
final class InMemoryBuildLedger implements BuildLedger {
    private static final Set<String> NOT_FINAL_YET = Set.of("QUEUED", "PROVISIONING", "PENDING", "RUNNING");

    /** One item: a build, or the record of a configured push. */
    static final class Item {
        BuildPlan plan;
        String status = "QUEUED";
        /** Recorded by the task's first state event, never by the push. */
        String taskArn;
        long leaseUntil;
        final TreeSet<String> deployTags = new TreeSet<>();
        String why;
        List<String> findings = List.of();
        Map<String, BuildId> imageBuilds = Map.of();
        Map<String, String> skippedImages = Map.of();
        String supersededBy;
    }

    final Map<BuildId, Item> items = new LinkedHashMap<>();
    /** Every call the push made, in order: {@code claim <image|push>}, then the method's name. */
    final List<String> calls = new ArrayList<>();

    /** What the task's first state event does (TaskStateFunction): the task is recorded, the build moves on. */
    void taskRecorded(BuildId buildId, String taskArn) {
        Item item = items.get(buildId);
        item.taskArn = taskArn;
        item.status = "PROVISIONING";
    }

    @Override
    public LaunchClaim claim(BuildPlan plan, Instant now, Duration lease) {
        calls.add("claim " + (plan.imageName() == null ? "push" : plan.imageName()));
        Item item = items.get(plan.buildId());
        if (item == null) {
            item = new Item();
            item.plan = plan;
            item.leaseUntil = now.plus(lease).toEpochMilli();
            item.deployTags.addAll(plan.tags().deployTags());
            items.put(plan.buildId(), item);
            return LaunchClaim.NEW;
        }
        boolean launching = item.status.equals("QUEUED") && item.taskArn == null;
        if (item.status.equals("FAILED_TO_LAUNCH") || (launching && item.leaseUntil < now.toEpochMilli())) {
            item.status = "QUEUED";
            item.leaseUntil = now.plus(lease).toEpochMilli();
            return LaunchClaim.TAKEN_OVER;
        }
        if (launching) {
            return LaunchClaim.LAUNCH_IN_PROGRESS;
        }
        return item.deployTags.containsAll(plan.tags().deployTags()) ? LaunchClaim.DUPLICATE : LaunchClaim.ALREADY_LAUNCHED;
    }

    @Override
    public void recordLaunchFailed(BuildId buildId, String reason, Instant now) {
        calls.add("recordLaunchFailed");
        if (items.get(buildId).taskArn == null) {
            decide(buildId, "FAILED_TO_LAUNCH", reason);
            items.get(buildId).leaseUntil = 0;
        }
    }

    @Override
    public void recordSkipped(BuildId buildId, String reason, Instant now) {
        calls.add("recordSkipped");
        decide(buildId, "SKIPPED", reason);
    }

    @Override
    public void recordConfigFailed(BuildId buildId, List<String> errors, Instant now) {
        calls.add("recordConfigFailed");
        decide(buildId, "FAILED_CONFIG", String.join("; ", errors));
    }

    @Override
    public void recordPolicyFailed(BuildId buildId, List<String> findings, Instant now) {
        calls.add("recordPolicyFailed");
        decide(buildId, "FAILED_POLICY", null);
        items.get(buildId).findings = findings;
    }

    @Override
    public void recordPolicyWarnings(BuildId buildId, List<String> findings, Instant now) {
        calls.add("recordPolicyWarnings");
        items.get(buildId).findings = findings;
    }

    @Override
    public void recordConfigured(BuildId pushRecord, Map<String, BuildId> imageBuilds, Map<String, String> skippedImages, Instant now) {
        calls.add("recordConfigured");
        Item item = items.get(pushRecord);
        item.status = "CONFIGURED";
        item.imageBuilds = Map.copyOf(imageBuilds);
        item.skippedImages = Map.copyOf(skippedImages);
    }

    @Override
    public List<InFlightBuild> inFlightBuildsOfRef(BuildPlan plan) {
        calls.add("inFlightBuildsOfRef");
        List<InFlightBuild> inFlight = new ArrayList<>();
        items.forEach((id, item) -> {
            boolean sameBranchAndImage = item.plan != null && !id.equals(plan.buildId())
                    && item.plan.change().refFullName().equals(plan.change().refFullName())
                    && item.plan.imageRepository().equals(plan.imageRepository());
            if (sameBranchAndImage && NOT_FINAL_YET.contains(item.status) && item.supersededBy == null) {
                inFlight.add(new InFlightBuild(id, item.plan.change().commitId(), item.taskArn, item.plan.change().eventTime()));
            }
        });
        return inFlight;
    }

    @Override
    public Superseded markSuperseded(BuildId buildId, String newerCommitId, Instant now) {
        calls.add("markSuperseded");
        Item item = items.get(buildId);
        if (!NOT_FINAL_YET.contains(item.status) || item.supersededBy != null) {
            return Superseded.NOT_MARKED;
        }
        item.supersededBy = newerCommitId;
        if (item.status.equals("QUEUED") && item.taskArn == null && item.leaseUntil < now.toEpochMilli()) {
            item.status = "CANCELLED"; // an abandoned launch
            return new Superseded(true, null);
        }
        return new Superseded(true, item.taskArn);
    }

    @Override
    public void recordSupersededOnArrival(BuildId buildId, String newerCommitId, Instant now) {
        calls.add("recordSupersededOnArrival");
        Item item = items.get(buildId);
        item.status = "CANCELLED";
        item.supersededBy = newerCommitId;
    }

    @Override
    public BuiltImage addDeployTags(BuildId buildId, Collection<String> tags, Instant now) {
        calls.add("addDeployTags");
        Item item = items.get(buildId);
        item.deployTags.addAll(tags);
        return new BuiltImage(item.plan.imageRepository(), null, Optional.empty(), List.copyOf(item.imageBuilds.values()));
    }

    Item item(BuildId id) {
        return items.get(id);
    }

    private void decide(BuildId buildId, String status, String why) {
        Item item = items.get(buildId);
        item.status = status;
        item.why = why;
    }

    @Override
    public void recordRefNotBuilt(BuildId buildId, String refFullName, String reason, Instant now) {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public Optional<Integer> claimRebuild(BuildPlan plan, String goneDigest, Instant now, Duration lease) {
        throw new UnsupportedOperationException("not used by these tests");
    }
}
