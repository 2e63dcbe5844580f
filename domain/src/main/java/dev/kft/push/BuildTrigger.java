package dev.kft.push;

import dev.kft.core.Deadline;
import dev.kft.core.Log;
import dev.kft.core.ScanVerdict;
import dev.kft.launch.LaunchRetries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Push → build: for each reference a push changed, decide, record in the ledger, then launch.
 * The ledger claim comes first so at-least-once delivery never launches a build twice; a launch
 * that keeps failing is recorded as FAILED_TO_LAUNCH and the invocation fails, so the event is
 * retried and, at last, reaches the function's failure destination.
 */
public final class BuildTrigger {
    /** A claim's lease outlives the invocation that took it, so nobody takes over a launch still under way. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private final BuildPlanner planner;
    private final BuildLedger ledger;
    private final LaunchRetries launcher;
    private final ImageRepositories repositories;
    private final DeployTagger deployTagger;
    private final Clock clock;

    public BuildTrigger(BuildPlanner planner, BuildLedger ledger, LaunchRetries launcher, ImageRepositories repositories,
                        DeployTagger deployTagger, Clock clock) {
        this.planner = planner;
        this.ledger = ledger;
        this.launcher = launcher;
        this.repositories = repositories;
        this.deployTagger = deployTagger;
        this.clock = clock;
    }

    /** What happened to one reference change. */
    public enum PushResult { LAUNCHED, ALREADY_LAUNCHED, IGNORED, REFUSED, FAILED_TO_LAUNCH, LAUNCH_IN_PROGRESS }

    /** One line of the invocation's outcome. */
    public record Entry(String repository, String ref, String commitId, String buildId, PushResult result,
                        String taskArn, String reason, List<String> kanikoArgs) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("repository", repository);
            map.put("ref", ref);
            map.put("commitId", commitId);
            map.put("buildId", buildId);
            map.put("result", result.name());
            map.put("taskArn", taskArn);
            map.put("reason", reason);
            map.put("kanikoArgs", kanikoArgs);
            map.values().removeIf(v -> v == null);
            return map;
        }
    }

    /** Everything one event led to. */
    public record PushOutcome(List<Entry> entries) {
        public boolean failed() {
            return entries.stream().anyMatch(e -> e.result() == PushResult.REFUSED || e.result() == PushResult.FAILED_TO_LAUNCH
                    || e.result() == PushResult.LAUNCH_IN_PROGRESS);
        }

        public Map<String, Object> toMap() {
            return Map.of("builds", entries.stream().map(Entry::toMap).toList());
        }
    }

    /** What each change would lead to, without any I/O (SnapStart priming). */
    public List<BuildPlanner.Decision> plan(PushEventParser.Parsed parsed) {
        Instant now = clock.instant();
        return parsed.changes().stream().map(change -> planner.decide(change, now)).toList();
    }

    public PushOutcome handle(PushEventParser.Parsed parsed, Deadline deadline) {
        List<Entry> entries = new ArrayList<>();
        for (IgnoredEvent ignored : parsed.ignored()) {
            Log.info("ignored", "eventId", ignored.eventId(), "what", ignored.what(), "reason", ignored.reason());
            entries.add(new Entry(null, null, null, null, PushResult.IGNORED, null, ignored.reason(), null));
        }
        for (RefChange change : parsed.changes()) {
            entries.add(handle(change, deadline));
        }
        return new PushOutcome(entries);
    }

    private Entry handle(RefChange change, Deadline deadline) {
        Instant now = clock.instant();
        return switch (planner.decide(change, now)) {
            case BuildPlanner.Skip skip -> {
                Log.info("push ignored", "eventId", change.eventId(), "repository", change.repository(),
                        "ref", change.refFullName(), "commitId", change.commitId(), "reason", skip.reason());
                yield entry(change, null, PushResult.IGNORED, null, skip.reason(), null);
            }
            case BuildPlanner.Refuse refuse -> refuse(refuse.plan(), refuse.reason(), deadline);
            case BuildPlanner.Build build -> build(build.plan(), deadline);
        };
    }

    private Entry refuse(BuildPlan plan, String reason, Deadline deadline) {
        BuildLedger.LaunchClaim claim = ledger.claim(plan, clock.instant(), deadline.remaining().plus(LEASE_MARGIN));
        if (claim == BuildLedger.LaunchClaim.NEW || claim == BuildLedger.LaunchClaim.TAKEN_OVER) {
            ledger.recordLaunchFailed(plan.buildId(), reason, clock.instant());
        }
        Log.error("build refused", "buildId", plan.buildId().value(), "repository", plan.change().repository(),
                "ref", plan.change().refFullName(), "commitId", plan.change().commitId(), "reason", reason);
        return entry(plan.change(), plan, PushResult.REFUSED, null, reason, null);
    }

    private Entry build(BuildPlan plan, Deadline deadline) {
        RefChange change = plan.change();
        String id = plan.buildId().value();
        BuildLedger.LaunchClaim claim = ledger.claim(plan, clock.instant(), deadline.remaining().plus(LEASE_MARGIN));
        switch (claim) {
            case ALREADY_LAUNCHED -> {
                // Another ref (or a re-delivery) for a commit that already builds: one image per commit.
                // This ref's deploy tags join the build's; if its image may already carry deploy tags
                // (built, and scanned clean when the gate promotes), they go on it now, else the
                // scan gate's promotion applies them with the others.
                return alreadyLaunched(plan);
            }
            case LAUNCH_IN_PROGRESS -> {
                Log.warn("launch in progress elsewhere", "buildId", id, "repository", change.repository(),
                        "ref", change.refFullName(), "commitId", change.commitId());
                return entry(change, plan, PushResult.LAUNCH_IN_PROGRESS, null,
                        "another invocation is launching this build; the event will be retried", null);
            }
            case NEW, TAKEN_OVER -> {
                return launch(plan, claim, deadline);
            }
        }
        throw new IllegalStateException("unhandled claim " + claim);
    }

    private Entry alreadyLaunched(BuildPlan plan) {
        RefChange change = plan.change();
        List<String> tags = plan.tags().deployTags();
        String outcome = "this commit already has a build";
        if (!tags.isEmpty()) {
            BuildLedger.BuiltImage image = ledger.addDeployTags(plan.buildId(), tags, clock.instant());
            if (mayCarryDeployTags(image)) {
                Map<String, String> tagged = deployTagger.tag(image.imageRepository(), image.imageDigest(), tags);
                outcome += "; deploy tags applied to " + image.imageDigest() + ": " + tagged;
            } else {
                outcome += "; deploy tags " + tags + " recorded, applied once the image is built"
                        + (planner.settings().deployPolicy().promoteOnCleanScan() ? " and scans clean" : "");
            }
        }
        Log.info("build already launched", "buildId", plan.buildId().value(), "repository", change.repository(),
                "ref", change.refFullName(), "commitId", change.commitId(), "deployTags", tags, "outcome", outcome);
        return entry(change, plan, PushResult.ALREADY_LAUNCHED, null, outcome, null);
    }

    /** Deploy tags go on a built image at once when the deploy policy lets the image carry them with its verdict so far. */
    private boolean mayCarryDeployTags(BuildLedger.BuiltImage image) {
        return image != null && image.imageDigest() != null
                && planner.settings().deployPolicy().mayCarryDeployTags(image.scanVerdict());
    }

    private Entry launch(BuildPlan plan, BuildLedger.LaunchClaim claim, Deadline deadline) {
        RefChange change = plan.change();
        String id = plan.buildId().value();
        repositories.ensureExists(plan.imageRepository());
        switch (launcher.launch(plan.taskLaunch(), deadline)) {
            case LaunchRetries.Launched launched -> {
                ledger.recordLaunched(plan.buildId(), launched.taskArn(), clock.instant());
                Log.info("build launched", "buildId", id, "repository", change.repository(), "ref", change.refFullName(),
                        "commitId", change.commitId(), "taskArn", launched.taskArn(), "claim", claim,
                        "launchTries", launched.calls(), "destinations", plan.destinations(), "capacity", plan.capacity());
                return entry(change, plan, PushResult.LAUNCHED, launched.taskArn(), null, plan.kanikoArgs());
            }
            case LaunchRetries.GaveUp gaveUp -> {
                ledger.recordLaunchFailed(plan.buildId(), gaveUp.reason(), clock.instant());
                Log.error("build failed to launch", "buildId", id, "repository", change.repository(),
                        "ref", change.refFullName(), "commitId", change.commitId(), "reason", gaveUp.reason());
                return entry(change, plan, PushResult.FAILED_TO_LAUNCH, null, gaveUp.reason(), plan.kanikoArgs());
            }
        }
    }

    private static Entry entry(RefChange change, BuildPlan plan, PushResult result, String taskArn, String reason, List<String> args) {
        return new Entry(change.repository(), change.refFullName(), change.commitId(),
                plan == null ? null : plan.buildId().value(), result, taskArn, reason, args);
    }
}
