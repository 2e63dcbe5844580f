package dev.kft.gate;

import dev.kft.core.ScanVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * The build ledger as the gate sees it: where an image came from, and one verdict record per image
 * that makes the gate act once per scan event however often the event is delivered.
 */
public interface GateLedger {

    /** What {@link #claim} found. */
    enum ClaimStatus {
        /** First handling of this scan event: evaluate and act. */
        NEW,
        /** An earlier attempt of this event stopped half-way: act on its recorded verdict, if it has one. */
        RESUMED,
        /** This event (or a newer scan of the image) was already handled completely. */
        DUPLICATE,
        /** Another invocation is handling this image right now: retry later. */
        IN_PROGRESS
    }

    /**
     * @param recorded the verdict an earlier attempt of the same event recorded
     * @param previous the verdict of the earlier scan event of this image that this one replaces, if any
     */
    record VerdictClaim(ClaimStatus status, Optional<Verdict> recorded, Optional<ScanVerdict> previous) {
        public VerdictClaim(ClaimStatus status, Optional<Verdict> recorded) {
            this(status, recorded, Optional.empty());
        }
    }

    /** The build of an image of {@code imageRepository} carrying one of {@code imageTags} as its commit tag. */
    Optional<BuildInfo> buildOf(String imageRepository, Collection<String> imageTags);

    /**
     * Claims the image's verdict record for this scan event, conditionally: one invocation at a time,
     * holding it until {@code now + lease}. An event with a time older than the recorded one is a
     * duplicate. An event without a readable time is claimed (the image must still be gated) and is
     * recorded at {@code now}, the latest its real time can be; {@link ScanGate} keeps it from clearing
     * a blocking verdict.
     */
    VerdictClaim claim(ScanEvent scan, Instant now, Duration lease);

    /**
     * Notes the verdict on the image's build and reads the build back in the same atomic step, so the
     * deploy tags acted on include every one recorded before; a ref recorded after sees the verdict and
     * tags the image itself (PushFunction). Returns the build as it now is.
     */
    BuildInfo noteVerdictOnBuild(BuildInfo build, ScanEvent scan, Verdict verdict, Instant now);

    /** Records the verdict (findings included) before anything is done to the image. */
    void recordVerdict(ScanEvent scan, Verdict verdict, Instant now);

    /** The event is handled: verdict, action and notification done. Also noted on the build, if there is one. */
    void recordDone(ScanEvent scan, Verdict verdict, GateAction action, Optional<BuildInfo> build, Instant now);

    /**
     * Whether the build's branch has a newer push (by the push event's time) building the same image
     * repository: the older image must not take the branch's moving tags back.
     */
    boolean newerBuildOfBranch(String imageRepository, BuildInfo build);
}
