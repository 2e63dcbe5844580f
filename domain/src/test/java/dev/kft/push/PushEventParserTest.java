package dev.kft.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Json;
import dev.kft.core.MalformedEventException;
import dev.kft.core.RefType;
import dev.kft.testing.SampleEvents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushEventParserTest {

    private static RefChange only(String file) {
        PushEventParser.Parsed parsed = PushEventParser.parse(SampleEvents.json(file));
        assertEquals(1, parsed.changes().size(), file);
        return parsed.changes().get(0);
    }

    @Test
    void branchPushCarriesRepositoryRefAndBothCommits() {
        RefChange change = only("push-branch.json");
        assertEquals("payments-api", change.repository());
        assertEquals(RefChange.Kind.UPDATED, change.kind());
        assertEquals(RefType.BRANCH, change.refType());
        assertEquals("main", change.refName());
        assertEquals("refs/heads/main", change.refFullName());
        assertEquals("4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f", change.commitId());
        assertEquals("9e1b7d3f5a2c8e0b4d6f1a3c5e7b9d0f2a4c6e8b", change.oldCommitId());
        assertEquals(Instant.parse("2026-11-20T09:14:05Z"), change.eventTime());
        assertEquals("c6d2b0c4-3f1e-4b7a-9e52-8a1f0d3c7b21", change.eventId());
    }

    @Test
    void newBranchTagDeletionAndMergeAreRecognised() {
        RefChange created = only("push-new-branch.json");
        assertEquals(RefChange.Kind.CREATED, created.kind());
        assertEquals("feature/card-tokens", created.refName());
        assertNull(created.oldCommitId());

        RefChange tag = only("push-tag.json");
        assertEquals(RefType.TAG, tag.refType());
        assertEquals("v1.4.0", tag.refName());

        RefChange deleted = only("push-branch-deleted.json");
        assertEquals(RefChange.Kind.DELETED, deleted.kind());
        assertNull(deleted.commitId());

        RefChange merge = only("push-merge.json");
        assertEquals(RefChange.Kind.UPDATED, merge.kind());
        assertEquals("d8b6f4e2c0a9173e5b3d1f9c7a5e3b1d9f7c5a3e", merge.commitId());
    }

    @Test
    void triggerRecordsYieldEveryReference() {
        PushEventParser.Parsed parsed = PushEventParser.parse(SampleEvents.json("push-trigger-records.json"));
        List<RefChange> changes = parsed.changes();
        assertEquals(2, changes.size());
        assertEquals("payments-api", changes.get(0).repository());
        assertEquals(RefChange.Kind.CREATED, changes.get(0).kind());
        assertEquals("release/2026.11", changes.get(0).refName());
        assertEquals(RefChange.Kind.UPDATED, changes.get(1).kind());
        assertEquals("main", changes.get(1).refName());
        assertEquals(Instant.parse("2026-11-22T14:05:31.207Z"), changes.get(0).eventTime());
        assertEquals("us-east-1", changes.get(0).region());
    }

    @Test
    void triggerRecordMarkedDeletedIsADeletion() {
        String event = """
                {"Records":[{"eventSource":"aws:codecommit","eventId":"e1","eventTime":"2026-11-22T14:05:31.207+0000",
                 "eventSourceARN":"arn:aws:codecommit:us-east-1:123456789012:repo",
                 "codecommit":{"references":[{"commit":"4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f","ref":"refs/heads/old","deleted":true}]}}]}""";
        assertEquals(RefChange.Kind.DELETED, PushEventParser.parse(Json.parseObject(event)).changes().get(0).kind());
    }

    @Test
    void triggerTestEventsAndForeignEventsAreIgnoredWithAReason() {
        String test = """
                {"Records":[{"eventSource":"aws:codecommit","eventName":"TriggerEventTest","eventId":"t1",
                 "eventSourceARN":"arn:aws:codecommit:us-east-1:123456789012:repo","codecommit":{"references":[]}}]}""";
        PushEventParser.Parsed parsedTest = PushEventParser.parse(Json.parseObject(test));
        assertTrue(parsedTest.changes().isEmpty());
        assertEquals("repository trigger test event", parsedTest.ignored().get(0).reason());

        String comment = """
                {"id":"x","source":"aws.codecommit","detail-type":"CodeCommit Comment on Commit","detail":{}}""";
        PushEventParser.Parsed parsedComment = PushEventParser.parse(Json.parseObject(comment));
        assertTrue(parsedComment.changes().isEmpty());
        assertTrue(parsedComment.ignored().get(0).reason().contains("CodeCommit Comment on Commit"));
    }

    @Test
    void malformedEventsAreRejectedWithTheMissingField() {
        String noRepository = """
                {"id":"x","source":"aws.codecommit","detail-type":"CodeCommit Repository State Change","time":"2026-01-01T00:00:00Z",
                 "detail":{"event":"referenceUpdated","referenceType":"branch","referenceName":"main"}}""";
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> PushEventParser.parse(Json.parseObject(noRepository)));
        assertEquals("field detail.repositoryName is missing", e.getMessage());
        assertThrows(MalformedEventException.class, () -> Json.parseObject("[1,2]"));
        assertThrows(MalformedEventException.class, () -> Json.parseObject("{not json"));
    }
}
