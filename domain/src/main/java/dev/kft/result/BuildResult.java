package dev.kft.result;

import java.time.Instant;

/**
 * How a build ended, as recorded in the ledger and reported on the bus and the commit.
 *
 * @param exitCode           the kaniko container's exit code; null if it never ran
 * @param stopCode           ECS's stop code ({@code EssentialContainerExited}, {@code TaskFailedToStart}, ...)
 * @param stoppedReason      ECS's stop reason (the ledger keeps at most 1,024 characters)
 * @param failureReason      why the build did not succeed, in a sentence; null on success
 * @param imageDigest        the pushed image's digest, looked up in ECR by the commit tag; null if not found
 * @param imageMissingReason why there is no digest for a successful build (the image is not in ECR)
 * @param logUrl             CloudWatch Logs console link to the kaniko container's log stream
 */
public record BuildResult(
        Integer exitCode,
        String stopCode,
        String stoppedReason,
        String failureReason,
        BuildTimings timings,
        String imageDigest,
        String imageMissingReason,
        String logUrl,
        Instant finishedAt) {}
