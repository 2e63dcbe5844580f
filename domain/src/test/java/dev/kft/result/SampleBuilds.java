package dev.kft.result;

import dev.kft.source.CommitInfo;
import dev.kft.core.BuildId;
import dev.kft.core.JsonFields;
import dev.kft.testing.SampleEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The build of events/push-branch.json as the ledger holds it, and its task events from events/. */
final class SampleBuilds {
    static final String COMMIT = "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f";
    static final BuildId BUILD = BuildId.of("payments-api", COMMIT);
    static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
    static final Instant QUEUED_AT = Instant.parse("2026-11-20T09:14:05.800Z");

    private SampleBuilds() {}

    static TaskStateChange event(String file) {
        return TaskStateEventParser.parse(SampleEvents.json(file), "kaniko");
    }

    /** A sample event with some of its {@code detail} fields replaced (null removes one). */
    static Map<String, Object> json(String file, Object... detailFields) {
        Map<String, Object> event = SampleEvents.json(file);
        Map<String, Object> detail = JsonFields.object(event, "detail");
        for (int i = 0; i + 1 < detailFields.length; i += 2) {
            if (detailFields[i + 1] == null) {
                detail.remove((String) detailFields[i]);
            } else {
                detail.put((String) detailFields[i], detailFields[i + 1]);
            }
        }
        return event;
    }

    static TaskStateChange event(String file, Object... detailFields) {
        return TaskStateEventParser.parse(json(file, detailFields), "kaniko");
    }

    /** A Fargate Spot termination notice: the task still runs, ECS wants it stopped. */
    static Map<String, Object> terminationNotice() {
        return json("task-running.json", "desiredStatus", "STOPPED", "stopCode", "TerminationNotice",
                "stoppedReason", "Your Spot Task was interrupted.", "version", 4);
    }

    /** The build at {@code status}, attempt {@code attempt}, with {@code taskVersion} recorded (null: no task event yet). */
    static BuildRecord record(BuildStatus status, int attempt, String taskArn, Long taskVersion) {
        return BuildRecord.builder()
                .buildId(BUILD).repository("payments-api").refName("main").refFullName("refs/heads/main").commitId(COMMIT)
                .imageRepository("kft/payments-api").commitTag("4f2a9c1e7b3d").deployTags(List.of("branch-main", "latest"))
                .destinations(List.of(REGISTRY + "/kft/payments-api:4f2a9c1e7b3d"))
                .kanikoArgs(List.of("--context=git://git-codecommit.us-east-1.amazonaws.com/v1/repos/payments-api#refs/heads/main#" + COMMIT))
                .status(status).attempt(attempt).taskArn(taskArn).taskVersion(taskVersion).queuedAt(QUEUED_AT)
                .build();
    }

    /** As PushFunction leaves it: claimed and launched, no task recorded (the task's first state event records it). */
    static BuildRecord queued() {
        return record(BuildStatus.QUEUED, 1, null, null);
    }

    /** The task of the sample task events. */
    static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/kft-builds/7d3c2b1a9e8f4d6c5b4a3f2e1d0c9b8a";

    /** {@code build} final with {@code result}, as the ledger returns it after the final write (which records the task). */
    static BuildRecord finished(BuildRecord build, BuildStatus status, BuildResult result, CommitInfo commit) {
        return build.toBuilder().status(status).result(result).commit(commit).taskArn(TASK_ARN).build();
    }
}
