package dev.kft.push;

import dev.kft.buildconfig.BuildConfigException;
import dev.kft.buildconfig.ConfigError;
import dev.kft.buildconfig.DockerfilePolicy;
import dev.kft.buildconfig.ImageSelection;
import dev.kft.buildconfig.ImageSpec;
import dev.kft.buildconfig.PolicyFinding;
import dev.kft.buildconfig.RepositoryBuildConfig;
import dev.kft.buildconfig.SkipMarker;
import dev.kft.core.BuildEvents;
import dev.kft.core.BuildId;
import dev.kft.core.Deadline;
import dev.kft.core.Log;
import dev.kft.core.Metrics;
import dev.kft.core.Metrics.Metric;
import dev.kft.core.Supersession;
import dev.kft.launch.CapacityFallback;
import dev.kft.launch.TaskStopper;
import dev.kft.source.CommitInfo;
import dev.kft.source.Commits;
import dev.kft.source.RepositoryFiles;
import dev.kft.source.SourceNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Push → build: for each reference a push changed, decide, record in the ledger, then launch.
 * The ledger claim comes first, before any CodeCommit read, so a duplicate delivery is recognised
 * at the cost of one call and at-least-once delivery never launches a build twice. Then the commit
 * is read: a skip marker builds nothing; the repository's {@code .kft.yaml} (absent: the stack's
 * defaults) says which images to build, each its own build; the Dockerfile policy is checked
 * before a task is launched. Nothing is written after RunTask: the task's first state event records
 * it (TaskStateFunction), so a repository without {@code .kft.yaml} costs its claim, two CodeCommit
 * reads and RunTask. A launch that keeps failing is recorded as FAILED_TO_LAUNCH and the invocation
 * fails, so the event is retried and, at last, reaches the function's failure destination. A configuration or policy failure is recorded, commented and announced, and the
 * invocation succeeds: a retry could not fix it.
 */
public final class BuildTrigger {
    /** A claim's lease outlives the invocation that took it, so nobody takes over a launch still under way. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private final BuildPlanner planner;
    private final BuildLedger ledger;
    private final CapacityFallback launcher;
    private final TaskStopper stopper;
    private final DeployTagger deployTagger;
    private final Commits commits;
    private final RepositoryFiles files;
    private final BuildEvents events;
    private final Clock clock;

    public BuildTrigger(BuildPlanner planner, BuildLedger ledger, CapacityFallback launcher, TaskStopper stopper,
                        DeployTagger deployTagger, Commits commits, RepositoryFiles files,
                        BuildEvents events, Clock clock) {
        this.planner = planner;
        this.ledger = ledger;
        this.launcher = launcher;
        this.stopper = stopper;
        this.deployTagger = deployTagger;
        this.commits = commits;
        this.files = files;
        this.events = events;
        this.clock = clock;
    }

    /** What happened to one reference change. */
    public enum PushResult {
        LAUNCHED, ALREADY_LAUNCHED, IGNORED, REFUSED, FAILED_TO_LAUNCH, LAUNCH_IN_PROGRESS,
        /** Nothing built: the commit asked to skip CI, or (per image) no changed file matches its paths. */
        SKIPPED,
        /** Nothing built: {@code .kft.yaml} is wrong. */
        FAILED_CONFIG,
        /** Nothing built for this image: the Dockerfile policy (ENFORCE) refused it. */
        FAILED_POLICY,
        /** Nothing built: a newer push of the same branch and image is already building (this push arrived late). */
        SUPERSEDED,
        /** Nothing built: the ref points at a commit whose image the scan gate deleted. */
        IMAGE_DELETED_BY_GATE
    }

    /** One line of the invocation's outcome; {@code image} names the image of a repository with {@code .kft.yaml}. */
    public record Entry(String repository, String ref, String commitId, String image, String buildId, PushResult result,
                        String taskArn, String reason, List<String> kanikoArgs) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("repository", repository);
            map.put("ref", ref);
            map.put("commitId", commitId);
            map.put("image", image);
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
            entries.add(new Entry(null, null, null, null, null, PushResult.IGNORED, null, ignored.reason(), null));
        }
        for (RefChange change : parsed.changes()) {
            entries.addAll(handle(change, deadline));
        }
        return new PushOutcome(entries);
    }

    private List<Entry> handle(RefChange change, Deadline deadline) {
        Instant now = clock.instant();
        return switch (planner.decide(change, now)) {
            case BuildPlanner.Skip skip -> {
                Log.info("push ignored", "eventId", change.eventId(), "repository", change.repository(),
                        "ref", change.refFullName(), "commitId", change.commitId(), "reason", skip.reason());
                yield List.of(entry(change, null, PushResult.IGNORED, null, skip.reason(), null));
            }
            case BuildPlanner.Refuse refuse -> List.of(refuse(refuse.plan(), refuse.reason(), deadline));
            case BuildPlanner.Build build -> push(build.plan(), deadline);
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

    /**
     * The push's own record comes first: it is the build of a repository without {@code .kft.yaml}, and
     * the record of the push (with its image builds) for one with it. Claiming it before any read is what
     * makes a duplicate delivery cost one call.
     */
    private List<Entry> push(BuildPlan plan, Deadline deadline) {
        BuildLedger.LaunchClaim claim = ledger.claim(plan, clock.instant(), deadline.remaining().plus(LEASE_MARGIN));
        return switch (claim) {
            case DUPLICATE -> {
                Log.info("duplicate delivery", "buildId", plan.buildId().value(), "eventId", plan.change().eventId(),
                        "repository", plan.change().repository(), "ref", plan.change().refFullName(), "commitId", plan.change().commitId());
                yield List.of(entry(plan.change(), plan, PushResult.ALREADY_LAUNCHED, null,
                        "duplicate delivery: this push was already handled", null));
            }
            case ALREADY_LAUNCHED -> alreadyLaunched(plan, deadline);
            case LAUNCH_IN_PROGRESS -> List.of(inProgress(plan));
            case NEW, TAKEN_OVER -> {
                try {
                    yield configureAndLaunch(plan, claim, deadline);
                } catch (SourceNotFoundException missing) {
                    // Bad input, not a fault: no retry can make the commit exist. Recorded, answered, not retried.
                    ledger.recordLaunchFailed(plan.buildId(), missing.getMessage(), clock.instant());
                    Log.warn("push ignored", "buildId", plan.buildId().value(), "eventId", plan.change().eventId(),
                            "repository", plan.change().repository(), "commitId", plan.change().commitId(), "reason", missing.getMessage());
                    yield List.of(entry(plan.change(), plan, PushResult.IGNORED, null, missing.getMessage(), null));
                } catch (RuntimeException transientFailure) {
                    // Give the claim back so Lambda's retry of this event takes the push over at once.
                    ledger.recordLaunchFailed(plan.buildId(), "interrupted: " + transientFailure, clock.instant());
                    throw transientFailure;
                }
            }
        };
    }

    /** The commit and the repository's configuration decide what this push builds. */
    private List<Entry> configureAndLaunch(BuildPlan pushPlan, BuildLedger.LaunchClaim claim, Deadline deadline) {
        RefChange change = pushPlan.change();
        CommitInfo commit = commits.describe(change.repository(), change.commitId());
        if (SkipMarker.isSkipped(commit.message())) {
            String reason = "the commit message asks to skip CI ([skip ci] or [ci skip])";
            ledger.recordSkipped(pushPlan.buildId(), reason, clock.instant());
            Log.info("push skipped", "buildId", pushPlan.buildId().value(), "eventId", change.eventId(),
                    "repository", change.repository(), "ref", change.refFullName(), "commitId", change.commitId(), "reason", reason);
            return List.of(entry(change, pushPlan, PushResult.SKIPPED, null, reason, null));
        }
        Optional<String> configuration = files.file(change.repository(), change.commitId(), RepositoryBuildConfig.FILE_NAME);
        if (configuration.isEmpty()) {
            return List.of(checkAndLaunch(pushPlan, planner.stackDefaultImage(), commit, claim, deadline));
        }
        RepositoryBuildConfig config;
        try {
            config = RepositoryBuildConfig.parse(configuration.get());
        } catch (BuildConfigException invalid) {
            List<String> errors = invalid.errors().stream().map(ConfigError::toString).toList();
            report(PushFailureReport.Kind.FAILED_CONFIG, pushPlan, commit, errors);
            ledger.recordConfigFailed(pushPlan.buildId(), errors, clock.instant());
            return List.of(entry(change, pushPlan, PushResult.FAILED_CONFIG, null, String.join("; ", errors), null));
        }
        return launchImages(pushPlan, config, commit, deadline);
    }

    /** One build per image the push selects; the push record lists them and the images it skipped, with why. */
    private List<Entry> launchImages(BuildPlan pushPlan, RepositoryBuildConfig config, CommitInfo commit, Deadline deadline) {
        RefChange change = pushPlan.change();
        List<String> changed = needsChangedPaths(config, change)
                ? files.changedPaths(change.repository(), change.oldCommitId(), change.commitId()) : null;
        Instant now = clock.instant();
        Map<String, BuildId> built = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        List<Runnable> launches = new ArrayList<>();
        for (ImageSelection.Choice choice : ImageSelection.select(config, new ImageSelection.Push(change.refType(), change.refName(), changed))) {
            ImageSpec image = choice.image();
            if (!choice.build()) {
                skipped.put(image.name(), choice.reason());
                entries.add(imageEntry(change, image.name(), null, PushResult.SKIPPED, choice.reason()));
                continue;
            }
            switch (planner.plan(change, image, now)) {
                case BuildPlanner.Build build -> {
                    built.put(image.name(), build.plan().buildId());
                    launches.add(() -> entries.add(claimAndLaunch(build.plan(), image, commit, deadline)));
                }
                case BuildPlanner.Refuse refuse -> {
                    built.put(image.name(), refuse.plan().buildId());
                    launches.add(() -> entries.add(refuse(refuse.plan(), refuse.reason(), deadline)));
                }
                case BuildPlanner.Skip skip -> skipped.put(image.name(), skip.reason());
            }
        }
        launches.forEach(Runnable::run);
        // Only now is the push done: until every image build is claimed the push record stays QUEUED under its
        // lease, so an invocation that dies mid-launch is taken over by the retry, which launches the rest
        // (the images already launched answer ALREADY_LAUNCHED from their own records).
        ledger.recordConfigured(pushPlan.buildId(), built, skipped, clock.instant());
        Log.info("push configured", "buildId", pushPlan.buildId().value(), "eventId", change.eventId(),
                "repository", change.repository(), "ref", change.refFullName(), "commitId", change.commitId(),
                "images", built.keySet(), "skippedImages", skipped);
        return entries;
    }

    /** The changed files matter only when an image filters on paths and there is an old commit to compare with. */
    private static boolean needsChangedPaths(RepositoryBuildConfig config, RefChange change) {
        return change.oldCommitId() != null && config.images().stream().anyMatch(image -> !image.paths().isEmpty());
    }

    /** An image build of a repository with {@code .kft.yaml}: its own claim, then the policy, then the launch. */
    private Entry claimAndLaunch(BuildPlan plan, ImageSpec image, CommitInfo commit, Deadline deadline) {
        BuildLedger.LaunchClaim claim = ledger.claim(plan, clock.instant(), deadline.remaining().plus(LEASE_MARGIN));
        return switch (claim) {
            case DUPLICATE, ALREADY_LAUNCHED -> imageEntry(plan.change(), plan.imageName(), plan, PushResult.ALREADY_LAUNCHED,
                    "this image of this commit already has a build");
            case LAUNCH_IN_PROGRESS -> inProgress(plan);
            case NEW, TAKEN_OVER -> checkAndLaunch(plan, image, commit, claim, deadline);
        };
    }

    /** The Dockerfile policy first (OFF reads nothing), then RunTask. The plan's ledger record is claimed. */
    private Entry checkAndLaunch(BuildPlan plan, ImageSpec image, CommitInfo commit, BuildLedger.LaunchClaim claim, Deadline deadline) {
        DockerfilePolicy policy = planner.settings().dockerfilePolicy();
        if (policy.readsDockerfile()) {
            List<String> findings = policyFindings(policy, plan, image);
            if (!findings.isEmpty() && policy.mode() == DockerfilePolicy.Mode.ENFORCE) {
                report(PushFailureReport.Kind.FAILED_POLICY, plan, commit, findings);
                ledger.recordPolicyFailed(plan.buildId(), findings, clock.instant());
                return imageEntry(plan.change(), plan.imageName(), plan, PushResult.FAILED_POLICY, String.join("; ", findings));
            }
            if (!findings.isEmpty()) {
                ledger.recordPolicyWarnings(plan.buildId(), findings, clock.instant());
                Log.warn("Dockerfile policy findings", "buildId", plan.buildId().value(), "repository", plan.change().repository(),
                        "commitId", plan.change().commitId(), "image", plan.imageName(), "findings", findings);
                plan = plan.withPolicyFindings(findings);
            }
        }
        return launchSuperseding(plan, commit, claim, deadline);
    }

    /** A branch build supersedes the older builds of its branch and image, unless a newer one is already under way. */
    private Entry launchSuperseding(BuildPlan plan, CommitInfo commit, BuildLedger.LaunchClaim claim, Deadline deadline) {
        List<BuildLedger.InFlightBuild> sameBranch = superseding(plan) ? ledger.inFlightBuildsOfRef(plan) : List.of();
        Optional<BuildLedger.InFlightBuild> newer = sameBranch.stream().filter(other -> isNewer(other.pushedAt(), plan)).findFirst();
        if (newer.isPresent()) {
            return supersededOnArrival(plan, commit, newer.get());
        }
        Entry launched = launch(plan, claim, deadline);
        if (launched.result() == PushResult.LAUNCHED) {
            for (BuildLedger.InFlightBuild older : sameBranch) {
                try {
                    supersede(older, plan);
                } catch (RuntimeException e) {
                    // Best effort: this build is launched and must not be reported otherwise; an older build
                    // left running ends by itself, and the gate still keeps the branch's tags off its image.
                    Log.warn("superseding an older build failed", "buildId", older.buildId().value(),
                            "supersededBy", plan.change().commitId(), "reason", String.valueOf(e));
                }
            }
        }
        return launched;
    }

    /** Only branch builds supersede each other: a git tag names one commit for good. */
    private boolean superseding(BuildPlan plan) {
        return planner.settings().supersedeBuilds() && plan.change().refType() == dev.kft.core.RefType.BRANCH;
    }

    /** Branch builds are ordered by their push's time (the event's), so pushes arriving out of order still agree. */
    private static boolean isNewer(Instant pushedAt, BuildPlan plan) {
        Instant ours = plan.change().eventTime() != null ? plan.change().eventTime() : plan.queuedAt();
        return pushedAt != null && pushedAt.isAfter(ours);
    }

    /**
     * An older build of this branch and image stops: its task's stop event makes it CANCELLED and comments
     * on its commit. Its task is known once its first state event is recorded; the mark itself returns the
     * task as recorded at that moment, so a task recorded since the query is stopped too. A task not
     * recorded yet is stopped by TaskStateFunction when its first event finds the build superseded.
     */
    private void supersede(BuildLedger.InFlightBuild older, BuildPlan newer) {
        String reason = Supersession.reason(newer.change().commitId());
        BuildLedger.Superseded mark = ledger.markSuperseded(older.buildId(), newer.change().commitId(), clock.instant());
        if (!mark.marked()) {
            return;
        }
        String task = mark.taskArn() != null ? mark.taskArn() : older.taskArn();
        if (task != null) {
            stopper.stop(task, reason);
        }
        Log.info("build superseded", "buildId", older.buildId().value(), "repository", newer.change().repository(),
                "ref", newer.change().refFullName(), "commitId", older.commitId(), "supersededBy", newer.change().commitId(),
                "taskArn", task, "stoppedBy", task != null ? "PushFunction" : "TaskStateFunction, at the task's first event");
    }

    /** This push is older than a build already under way for its branch: nothing is launched, the commit is told why. */
    private Entry supersededOnArrival(BuildPlan plan, CommitInfo commit, BuildLedger.InFlightBuild newer) {
        RefChange change = plan.change();
        String reason = Supersession.reason(newer.commitId())
                + ", a newer push of " + change.refFullName() + " already building";
        ledger.recordSupersededOnArrival(plan.buildId(), newer.commitId(), clock.instant());
        try {
            commits.comment(change.repository(), change.commitId(), commit.firstParent(),
                    "**Build cancelled**: " + reason + ". Build id: " + plan.buildId().value() + ".",
                    plan.buildId().value() + "-SUPERSEDED");
        } catch (RuntimeException e) {
            Log.warn("commit comment failed", "buildId", plan.buildId().value(), "reason", e.getMessage());
        }
        Log.info("build superseded on arrival", "buildId", plan.buildId().value(), "repository", change.repository(),
                "ref", change.refFullName(), "commitId", change.commitId(), "supersededBy", newer.commitId());
        return imageEntry(change, plan.imageName(), plan, PushResult.SUPERSEDED, reason);
    }

    /** Every finding as one line, {@code path:line: rule: message}; a missing Dockerfile is a finding too. */
    private List<String> policyFindings(DockerfilePolicy policy, BuildPlan plan, ImageSpec image) {
        String path = image.dockerfilePathInRepository();
        Optional<String> dockerfile = files.file(plan.change().repository(), plan.change().commitId(), path);
        if (dockerfile.isEmpty()) {
            return List.of(path + ": missing-dockerfile: no file at this path in the commit");
        }
        List<PolicyFinding> findings = policy.check(dockerfile.get(), image.buildArgs(), image.target());
        return findings.stream().map(f -> path + ":" + f.line() + ": " + f.rule() + ": " + f.message()).toList();
    }

    /** The commit comment and the failure event; a comment that cannot be posted is logged, never fatal. */
    private void report(PushFailureReport.Kind kind, BuildPlan plan, CommitInfo commit, List<String> problems) {
        RefChange change = plan.change();
        try {
            commits.comment(change.repository(), change.commitId(), commit.firstParent(),
                    PushFailureReport.comment(kind, plan, problems), plan.buildId().value() + "-" + kind.name());
        } catch (RuntimeException e) {
            Log.warn("commit comment failed", "buildId", plan.buildId().value(), "repository", change.repository(),
                    "commitId", change.commitId(), "reason", e.getMessage());
        }
        events.publish(PushFailureReport.DETAIL_TYPE, PushFailureReport.eventDetail(kind, plan, problems), List.of());
        Log.warn("build not started", "buildId", plan.buildId().value(), "eventId", change.eventId(), "repository", change.repository(),
                "ref", change.refFullName(), "commitId", change.commitId(), "image", plan.imageName(), "status", kind, "problems", problems);
    }

    private Entry inProgress(BuildPlan plan) {
        RefChange change = plan.change();
        Log.warn("launch in progress elsewhere", "buildId", plan.buildId().value(), "repository", change.repository(),
                "ref", change.refFullName(), "commitId", change.commitId());
        return imageEntry(change, plan.imageName(), plan, PushResult.LAUNCH_IN_PROGRESS,
                "this build is being launched, or its task's first state event is not recorded yet; the event will be retried");
    }

    /**
     * Another ref (or a re-delivery) for a commit that already builds: one image per commit (per image
     * name with {@code .kft.yaml}). This ref's deploy tags join each build's; if an image may already
     * carry deploy tags (built, and cleared by the deploy policy), they go on it now, else the scan
     * gate's promotion applies them with the others.
     */
    private List<Entry> alreadyLaunched(BuildPlan plan, Deadline deadline) {
        RefChange change = plan.change();
        List<String> tags = plan.tags().deployTags();
        if (tags.isEmpty()) {
            return List.of(entry(change, plan, PushResult.ALREADY_LAUNCHED, null, "this commit already has a build", null));
        }
        BuildLedger.BuiltImage record = ledger.addDeployTags(plan.buildId(), tags, clock.instant());
        if (record.imageBuilds().isEmpty()) {
            if (goneWhenTagged(plan, record, tags)) {
                return List.of(imageGone(plan, plan.buildId(), record, deadline));
            }
            return List.of(entry(change, plan, PushResult.ALREADY_LAUNCHED, null,
                    "this commit already has a build" + applyDeployTags(plan, record, tags), null));
        }
        List<Entry> entries = new ArrayList<>();
        for (BuildId imageBuild : record.imageBuilds()) {
            BuildLedger.BuiltImage image = ledger.addDeployTags(imageBuild, tags, clock.instant());
            if (goneWhenTagged(plan, image, tags)) {
                entries.add(imageGone(plan, imageBuild, image, deadline));
                continue;
            }
            entries.add(new Entry(change.repository(), change.refFullName(), change.commitId(), image.imageRepository(),
                    imageBuild.value(), PushResult.ALREADY_LAUNCHED, null,
                    "this image of this commit already has a build" + applyDeployTags(plan, image, tags), null));
        }
        return entries;
    }

    /**
     * Whether the built image is gone: the scan gate deleted it, or, when it may carry deploy tags, they
     * are put on it now and its repository no longer holds it.
     */
    private boolean goneWhenTagged(BuildPlan plan, BuildLedger.BuiltImage image, List<String> tags) {
        return image.deletedByGate() || mayCarryDeployTags(image) && !tagIfPresent(plan, image, tags);
    }

    /** Puts the deploy tags on the built image now; false when its repository no longer holds it. */
    private boolean tagIfPresent(BuildPlan plan, BuildLedger.BuiltImage image, List<String> tags) {
        Optional<Map<String, String>> tagged = deployTagger.tag(image.imageRepository(), image.imageDigest(), tags);
        tagged.ifPresent(outcomes -> Log.info("deploy tags applied", "buildId", plan.buildId().value(),
                "imageRepository", image.imageRepository(), "imageDigest", image.imageDigest(), "tags", outcomes));
        return tagged.isPresent();
    }

    /**
     * The built image is gone. Deleted by the scan gate: it must not come back, so nothing is built;
     * the ref is recorded on the build with the reason and the commit gets a comment. Gone otherwise
     * (a lifecycle rule, by hand): the commit is built again, as the build's next attempt.
     */
    private Entry imageGone(BuildPlan plan, BuildId imageBuild, BuildLedger.BuiltImage image, Deadline deadline) {
        RefChange change = plan.change();
        if (image.deletedByGate()) {
            String reason = "the scan gate deleted the image of this commit (" + image.imageRepository() + "@" + image.imageDigest()
                    + ") for its vulnerabilities: nothing is built for " + change.refFullName();
            ledger.recordRefNotBuilt(imageBuild, change.refFullName(), reason, clock.instant());
            try {
                CommitInfo commit = commits.describe(change.repository(), change.commitId());
                commits.comment(change.repository(), change.commitId(), commit.firstParent(), "kaniko-fargate-trigger: " + reason + ".",
                        imageBuild.value() + "-gate-deleted-" + BuildId.of(change.repository(), change.refFullName()).value().substring(0, 16));
            } catch (RuntimeException e) {
                Log.warn("commit comment failed", "buildId", imageBuild.value(), "repository", change.repository(),
                        "commitId", change.commitId(), "reason", e.getMessage());
            }
            Log.warn("image deleted by the scan gate: not rebuilt", "buildId", imageBuild.value(), "repository", change.repository(),
                    "ref", change.refFullName(), "commitId", change.commitId(), "imageDigest", image.imageDigest());
            return new Entry(change.repository(), change.refFullName(), change.commitId(), image.imageRepository(), imageBuild.value(),
                    PushResult.IMAGE_DELETED_BY_GATE, null, reason, null);
        }
        if (!imageBuild.equals(plan.buildId())) {
            // An image of .kft.yaml: its plan comes from the configuration, which this path has not read.
            String reason = "the image " + image.imageRepository() + "@" + image.imageDigest() + " is gone from its repository;"
                    + " images named in .kft.yaml are not rebuilt by a later ref";
            Log.warn("image gone: not rebuilt", "buildId", imageBuild.value(), "ref", change.refFullName(), "reason", reason);
            return new Entry(change.repository(), change.refFullName(), change.commitId(), image.imageRepository(), imageBuild.value(),
                    PushResult.ALREADY_LAUNCHED, null, reason, null);
        }
        Optional<Integer> attempt = ledger.claimRebuild(plan, image.imageDigest(), clock.instant(), deadline.remaining().plus(LEASE_MARGIN));
        if (attempt.isEmpty()) {
            return entry(change, plan, PushResult.ALREADY_LAUNCHED, null, "another delivery is rebuilding this commit's image", null);
        }
        Log.warn("image gone from its repository: rebuilding", "buildId", plan.buildId().value(), "repository", change.repository(),
                "ref", change.refFullName(), "commitId", change.commitId(), "imageDigest", image.imageDigest(), "attempt", attempt.get());
        return launch(plan.withAttempt(attempt.get()), BuildLedger.LaunchClaim.TAKEN_OVER, deadline);
    }

    private String applyDeployTags(BuildPlan plan, BuildLedger.BuiltImage image, List<String> tags) {
        String outcome;
        if (mayCarryDeployTags(image)) {
            outcome = "; deploy tags applied to " + image.imageDigest();
        } else {
            outcome = "; deploy tags " + tags + " recorded, applied once the image is built"
                    + (planner.settings().deployPolicy().promoteOnCleanScan() ? " and scans clean" : "");
        }
        Log.info("build already launched", "buildId", plan.buildId().value(), "repository", plan.change().repository(),
                "ref", plan.change().refFullName(), "commitId", plan.change().commitId(), "deployTags", tags,
                "imageRepository", image.imageRepository(), "outcome", outcome);
        return outcome;
    }

    /** Deploy tags go on a built image at once when the deploy policy lets the image carry them with its verdict so far. */
    private boolean mayCarryDeployTags(BuildLedger.BuiltImage image) {
        return image != null && image.imageDigest() != null
                && planner.settings().deployPolicy().mayCarryDeployTags(image.scanVerdict());
    }

    private Entry launch(BuildPlan plan, BuildLedger.LaunchClaim claim, Deadline deadline) {
        RefChange change = plan.change();
        String id = plan.buildId().value();
        switch (launcher.launch(plan.taskLaunch())) {
            case CapacityFallback.Launched launched -> {
                // Nothing to record: the task's first state event names the build (startedBy) and TaskStateFunction
                // records the task and its capacity. Until then a copy of this push finds the claim's lease and is
                // retried; after the lease a retry launches again with the same clientToken, and ECS answers with this task.
                Metrics.record("PushFunction").dimension(Metrics.STATUS, "LAUNCHED").count(Metric.BUILDS_LAUNCHED)
                        .property("repository", change.repository()).property("commitId", change.commitId())
                        .property("buildId", id).property("image", plan.imageName()).emit();
                Log.info("build launched", "buildId", id, "repository", change.repository(), "ref", change.refFullName(),
                        "commitId", change.commitId(), "image", plan.imageName(), "platform", plan.platform(),
                        "taskArn", launched.taskArn(), "claim", claim,
                        "destinations", plan.destinations(), "capacity", launched.capacity());
                return new Entry(change.repository(), change.refFullName(), change.commitId(), plan.imageName(), id,
                        PushResult.LAUNCHED, launched.taskArn(), plan.policyFindings().isEmpty() ? null
                        : "Dockerfile policy warnings: " + String.join("; ", plan.policyFindings()), plan.kanikoArgs());
            }
            case CapacityFallback.GaveUp gaveUp -> {
                ledger.recordLaunchFailed(plan.buildId(), gaveUp.reason(), clock.instant());
                Log.error("build failed to launch", "buildId", id, "repository", change.repository(),
                        "ref", change.refFullName(), "commitId", change.commitId(), "reason", gaveUp.reason());
                return new Entry(change.repository(), change.refFullName(), change.commitId(), plan.imageName(), id,
                        PushResult.FAILED_TO_LAUNCH, null, gaveUp.reason(), plan.kanikoArgs());
            }
        }
    }

    private static Entry entry(RefChange change, BuildPlan plan, PushResult result, String taskArn, String reason, List<String> args) {
        return new Entry(change.repository(), change.refFullName(), change.commitId(), plan == null ? null : plan.imageName(),
                plan == null ? null : plan.buildId().value(), result, taskArn, reason, args);
    }

    private static Entry imageEntry(RefChange change, String image, BuildPlan plan, PushResult result, String reason) {
        return new Entry(change.repository(), change.refFullName(), change.commitId(), image,
                plan == null ? null : plan.buildId().value(), result, null, reason, null);
    }
}
