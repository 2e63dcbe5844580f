package dev.kft.push;

import dev.kft.core.BuildId;
import dev.kft.core.ScanVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The record of every build, written before anything is launched so a push is never built twice. */
public interface BuildLedger {

    /** What {@link #claim} found. */
    enum LaunchClaim {
        /** First sight of this build: the caller launches it. */
        NEW,
        /**
         * A previous launch failed, or was abandoned (its lease ran out with no task recorded): the caller
         * launches it again, with the same RunTask clientToken, so a task the earlier launch did start is returned.
         */
        TAKEN_OVER,
        /** The build already has a task (or has finished): nothing to launch, but this ref may bring new deploy tags. */
        ALREADY_LAUNCHED,
        /** A copy of a delivery already handled: the build is under way or over and already has this ref's deploy tags. */
        DUPLICATE,
        /**
         * Another invocation holds the launch lease and no task is recorded: its launch is under way, or
         * done with the task's first state event yet to come. Try again later (a minute, on Lambda).
         */
        LAUNCH_IN_PROGRESS
    }

    /**
     * Records the build as QUEUED, conditionally: only one caller gets NEW or TAKEN_OVER, and holds
     * the launch lease until {@code now + lease}.
     */
    LaunchClaim claim(BuildPlan plan, Instant now, Duration lease);

    /**
     * Launch gave up, or was interrupted: FAILED_TO_LAUNCH with the reason, so a later delivery takes the
     * build over. Nothing is written after a launch that worked: the task, its capacity and when it was
     * created are recorded by TaskStateFunction from the task's first state event. So once a task is
     * recorded this changes nothing (the launch did not fail: only its answer was lost).
     */
    void recordLaunchFailed(BuildId buildId, String reason, Instant now);

    /** The commit asks to skip CI: nothing is built; the build (or push) record says why. */
    void recordSkipped(BuildId buildId, String reason, Instant now);

    /** The repository's {@code .kft.yaml} is wrong: FAILED_CONFIG with every error, line and column included. */
    void recordConfigFailed(BuildId buildId, List<String> errors, Instant now);

    /** The Dockerfile policy (ENFORCE) refused the build: FAILED_POLICY with every finding; no task. */
    void recordPolicyFailed(BuildId buildId, List<String> findings, Instant now);

    /** The Dockerfile policy (WARN) found problems; the build runs and its result reports them. */
    void recordPolicyWarnings(BuildId buildId, List<String> findings, Instant now);

    /**
     * The push record of a repository with {@code .kft.yaml}: CONFIGURED, with the build of each image it
     * launches (name → build id) and each image it skipped (name → reason).
     */
    void recordConfigured(BuildId pushRecord, Map<String, BuildId> imageBuilds, Map<String, String> skippedImages, Instant now);

    /**
     * The builds of the plan's branch and image repository that are not final yet, other than the
     * plan's own: the candidates a newer push supersedes, or that supersede an older push arriving late.
     */
    List<InFlightBuild> inFlightBuildsOfRef(BuildPlan plan);

    /**
     * Marks another push's build as superseded by a newer commit of its branch, unless it is final or
     * superseded already. A build whose launch was abandoned (no task recorded, its claim's lease run out)
     * becomes CANCELLED at once. Any other is marked only: a recorded task is the caller's to stop, and a
     * task not recorded yet (its launch under way, or its first state event not arrived) is stopped by
     * TaskStateFunction when its events name it.
     */
    Superseded markSuperseded(BuildId buildId, String newerCommitId, Instant now);

    /**
     * What {@link #markSuperseded} did.
     *
     * @param marked  false when the build ended, or was superseded, meanwhile
     * @param taskArn the build's task as recorded in the same write; null when none is recorded yet
     */
    record Superseded(boolean marked, String taskArn) {
        public static final Superseded NOT_MARKED = new Superseded(false, null);
    }

    /**
     * This push's own build, claimed, is older than a build of its branch already under way: CANCELLED,
     * superseded by that newer commit, with nothing launched.
     */
    void recordSupersededOnArrival(BuildId buildId, String newerCommitId, Instant now);

    /**
     * A build of the same branch and image still queued or running.
     *
     * @param taskArn  null until its task's first state event is recorded
     * @param pushedAt when its push happened (the push event's time), which orders builds of a branch
     */
    record InFlightBuild(BuildId buildId, String commitId, String taskArn, Instant pushedAt) {}

    /**
     * Deploy tags asked for by another reference pointing at an already planned commit. Returns the
     * build's image as recorded at that moment: its digest once the build succeeded (else null), the
     * scan gate's verdict once it has one.
     */
    BuiltImage addDeployTags(BuildId buildId, Collection<String> tags, Instant now);

    /**
     * A ref that points at a commit whose image the scan gate deleted: nothing is built, and the build's
     * record keeps the ref with the reason (a set: a redelivery records it once).
     */
    void recordRefNotBuilt(BuildId buildId, String refFullName, String reason, Instant now);

    /**
     * The build's image is gone from its repository (not by the gate): takes the finished build back to
     * QUEUED as its next attempt, conditionally on the image still being recorded as {@code goneDigest},
     * so one caller rebuilds. Returns the new attempt, or empty when another caller got there first.
     */
    Optional<Integer> claimRebuild(BuildPlan plan, String goneDigest, Instant now, Duration lease);

    /**
     * A build's image as the ledger knows it.
     *
     * @param imageDigest   null until the build succeeded
     * @param scanVerdict   empty until the scan gate has judged the image (or when the ledger holds a verdict this code cannot read)
     * @param imageBuilds   for the push record of a repository with {@code .kft.yaml}, the build of each image; else empty
     * @param deletedByGate the scan gate deleted the image (its action was DELETE)
     */
    record BuiltImage(String imageRepository, String imageDigest, Optional<ScanVerdict> scanVerdict, List<BuildId> imageBuilds,
                      boolean deletedByGate) {
        public BuiltImage {
            imageBuilds = imageBuilds == null ? List.of() : List.copyOf(imageBuilds);
        }

        public BuiltImage(String imageRepository, String imageDigest, Optional<ScanVerdict> scanVerdict, List<BuildId> imageBuilds) {
            this(imageRepository, imageDigest, scanVerdict, imageBuilds, false);
        }

        /** A build's image (not a push record). */
        public BuiltImage(String imageRepository, String imageDigest, Optional<ScanVerdict> scanVerdict) {
            this(imageRepository, imageDigest, scanVerdict, List.of());
        }
    }
}
