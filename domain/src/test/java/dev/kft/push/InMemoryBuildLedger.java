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
import java.util.TreeSet;

/** The push side of the ledger in memory, with the DynamoDB adapter's claim rules (the moto ITs hold the adapter to them). */
final class InMemoryBuildLedger implements BuildLedger {
    /** One item: a build, or the record of a configured push. */
    static final class Item {
        BuildPlan plan;
        String status = "QUEUED";
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
    final List<String> calls = new ArrayList<>();

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
    public void recordLaunched(BuildId buildId, String taskArn, dev.kft.launch.TaskLaunch.Capacity capacity, Instant now) {
        items.get(buildId).taskArn = taskArn;
    }

    @Override
    public void recordLaunchFailed(BuildId buildId, String reason, Instant now) {
        decide(buildId, "FAILED_TO_LAUNCH", reason);
    }

    @Override
    public void recordSkipped(BuildId buildId, String reason, Instant now) {
        decide(buildId, "SKIPPED", reason);
    }

    @Override
    public void recordConfigFailed(BuildId buildId, List<String> errors, Instant now) {
        decide(buildId, "FAILED_CONFIG", String.join("; ", errors));
    }

    @Override
    public void recordPolicyFailed(BuildId buildId, List<String> findings, Instant now) {
        decide(buildId, "FAILED_POLICY", null);
        items.get(buildId).findings = findings;
    }

    @Override
    public void recordPolicyWarnings(BuildId buildId, List<String> findings, Instant now) {
        items.get(buildId).findings = findings;
    }

    @Override
    public void recordConfigured(BuildId pushRecord, Map<String, BuildId> imageBuilds, Map<String, String> skippedImages, Instant now) {
        Item item = items.get(pushRecord);
        item.status = "CONFIGURED";
        item.imageBuilds = Map.copyOf(imageBuilds);
        item.skippedImages = Map.copyOf(skippedImages);
    }

    @Override
    public List<InFlightBuild> inFlightBuildsOfRef(BuildPlan plan) {
        List<InFlightBuild> inFlight = new ArrayList<>();
        items.forEach((id, item) -> {
            boolean sameBranchAndImage = item.plan != null && !id.equals(plan.buildId())
                    && item.plan.change().refFullName().equals(plan.change().refFullName())
                    && item.plan.imageRepository().equals(plan.imageRepository());
            if (sameBranchAndImage && item.status.equals("QUEUED") && item.supersededBy == null) {
                inFlight.add(new InFlightBuild(id, item.plan.change().commitId(), item.taskArn, item.plan.change().eventTime()));
            }
        });
        return inFlight;
    }

    @Override
    public boolean markSuperseded(BuildId buildId, String newerCommitId, Instant now) {
        Item item = items.get(buildId);
        if (!item.status.equals("QUEUED") || item.supersededBy != null) {
            return false;
        }
        item.supersededBy = newerCommitId;
        if (item.taskArn == null) {
            item.status = "CANCELLED";
        }
        return true;
    }

    @Override
    public BuiltImage addDeployTags(BuildId buildId, Collection<String> tags, Instant now) {
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
