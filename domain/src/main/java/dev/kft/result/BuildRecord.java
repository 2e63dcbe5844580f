package dev.kft.result;

import dev.kft.core.BuildId;
import dev.kft.core.Platform;
import dev.kft.core.RefType;
import dev.kft.core.Supersession;
import dev.kft.launch.TaskLaunch;
import dev.kft.source.CommitInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One build as the ledger holds it: what PushFunction planned, where its task stands, and (once
 * final) its result.
 *
 * @param imageName       the image's name in {@code .kft.yaml}; null for a repository without one
 * @param platform        the CPU architecture the image is built for (its task definition)
 * @param policyFindings  the Dockerfile policy's warnings (WARN): the build ran, its result reports them
 * @param taskVersion     the ECS {@code detail.version} last recorded for the current attempt's task
 * @param commit          null until CodeCommit has been asked
 * @param result          null until the build is final
 * @param resultPublished the "Image Build ..." event has gone out (and the commit comment was tried)
 * @param supersededBy    the newer commit of the branch that superseded this build; null when none did
 */
public record BuildRecord(
        BuildId buildId,
        String repository,
        String refName,
        String refFullName,
        String commitId,
        String imageName,
        Platform platform,
        String imageRepository,
        String commitTag,
        List<String> deployTags,
        List<String> destinations,
        List<String> kanikoArgs,
        List<String> policyFindings,
        BuildStatus status,
        int attempt,
        String taskArn,
        Long taskVersion,
        Instant queuedAt,
        CommitInfo commit,
        BuildResult result,
        String interruptedTaskArn,
        boolean resultPublished,
        String supersededBy) {

    public BuildRecord {
        deployTags = deployTags == null ? List.of() : List.copyOf(deployTags);
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        kanikoArgs = kanikoArgs == null ? List.of() : List.copyOf(kanikoArgs);
        platform = platform == null ? Platform.LINUX_AMD64 : platform;
        policyFindings = policyFindings == null ? List.of() : List.copyOf(policyFindings);
    }

    /** An empty builder: attempt 1, no tags, destinations or arguments, everything else unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values. */
    public Builder toBuilder() {
        return new Builder()
                .buildId(buildId).repository(repository).refName(refName).refFullName(refFullName).commitId(commitId)
                .imageName(imageName).platform(platform).imageRepository(imageRepository).commitTag(commitTag).deployTags(deployTags).destinations(destinations)
                .kanikoArgs(kanikoArgs).policyFindings(policyFindings).status(status).attempt(attempt).taskArn(taskArn).taskVersion(taskVersion)
                .queuedAt(queuedAt).commit(commit).result(result).interruptedTaskArn(interruptedTaskArn)
                .resultPublished(resultPublished).supersededBy(supersededBy);
    }

    /**
     * Why a task of this build must not run any more, if it must not: a newer push of its branch
     * superseded it, or it was cancelled. Its task may have started before its first state event was
     * recorded, when no one could stop it yet: its events then get it stopped with this reason.
     */
    public Optional<String> stopReason() {
        if (supersededBy != null) {
            return Optional.of(Supersession.reason(supersededBy));
        }
        if (status == BuildStatus.CANCELLED) {
            return Optional.of(result != null && result.failureReason() != null ? result.failureReason() : "the build was cancelled");
        }
        return Optional.empty();
    }

    public RefType refType() {
        return RefType.ofFullName(refFullName);
    }

    /**
     * The same build again as {@code attempt} on on-demand Fargate, with the kaniko arguments it was
     * first launched with (byte-identical, so the image and its labels do not change).
     */
    public TaskLaunch relaunch(int attempt, List<String> arguments) {
        return new TaskLaunch(buildId, attempt, arguments, TaskLaunch.Capacity.FARGATE, platform,
                TaskLaunch.taskTags(buildId, repository, refFullName, commitId));
    }

    /** Builds a {@link BuildRecord} field by field. */
    public static final class Builder {
        private BuildId buildId;
        private String repository;
        private String refName;
        private String refFullName;
        private String commitId;
        private String imageName;
        private Platform platform;
        private String imageRepository;
        private String commitTag;
        private List<String> deployTags;
        private List<String> destinations;
        private List<String> kanikoArgs;
        private List<String> policyFindings;
        private BuildStatus status;
        private int attempt = 1;
        private String taskArn;
        private Long taskVersion;
        private Instant queuedAt;
        private CommitInfo commit;
        private BuildResult result;
        private String interruptedTaskArn;
        private boolean resultPublished;
        private String supersededBy;

        private Builder() {}

        public Builder buildId(BuildId buildId) {
            this.buildId = buildId;
            return this;
        }

        public Builder repository(String repository) {
            this.repository = repository;
            return this;
        }

        public Builder refName(String refName) {
            this.refName = refName;
            return this;
        }

        public Builder refFullName(String refFullName) {
            this.refFullName = refFullName;
            return this;
        }

        public Builder commitId(String commitId) {
            this.commitId = commitId;
            return this;
        }

        public Builder imageName(String imageName) {
            this.imageName = imageName;
            return this;
        }

        public Builder platform(Platform platform) {
            this.platform = platform;
            return this;
        }

        public Builder imageRepository(String imageRepository) {
            this.imageRepository = imageRepository;
            return this;
        }

        public Builder commitTag(String commitTag) {
            this.commitTag = commitTag;
            return this;
        }

        public Builder deployTags(List<String> deployTags) {
            this.deployTags = deployTags;
            return this;
        }

        public Builder destinations(List<String> destinations) {
            this.destinations = destinations;
            return this;
        }

        public Builder kanikoArgs(List<String> kanikoArgs) {
            this.kanikoArgs = kanikoArgs;
            return this;
        }

        public Builder policyFindings(List<String> policyFindings) {
            this.policyFindings = policyFindings;
            return this;
        }

        public Builder status(BuildStatus status) {
            this.status = status;
            return this;
        }

        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        public Builder taskArn(String taskArn) {
            this.taskArn = taskArn;
            return this;
        }

        public Builder taskVersion(Long taskVersion) {
            this.taskVersion = taskVersion;
            return this;
        }

        public Builder queuedAt(Instant queuedAt) {
            this.queuedAt = queuedAt;
            return this;
        }

        public Builder commit(CommitInfo commit) {
            this.commit = commit;
            return this;
        }

        public Builder result(BuildResult result) {
            this.result = result;
            return this;
        }

        public Builder interruptedTaskArn(String interruptedTaskArn) {
            this.interruptedTaskArn = interruptedTaskArn;
            return this;
        }

        public Builder resultPublished(boolean resultPublished) {
            this.resultPublished = resultPublished;
            return this;
        }

        public Builder supersededBy(String supersededBy) {
            this.supersededBy = supersededBy;
            return this;
        }

        public BuildRecord build() {
            return new BuildRecord(buildId, repository, refName, refFullName, commitId, imageName, platform, imageRepository, commitTag, deployTags,
                    destinations, kanikoArgs, policyFindings, status, attempt, taskArn, taskVersion, queuedAt, commit, result, interruptedTaskArn,
                    resultPublished, supersededBy);
        }
    }
}
