package dev.kft.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuildRecordTest {

    @Test
    void toBuilderKeepsEveryFieldItIsNotTold() {
        BuildRecord queued = SampleBuilds.queued().toBuilder().taskVersion(3L).interruptedTaskArn("arn:old").resultPublished(true).build();
        assertEquals(queued, queued.toBuilder().build());
        BuildRecord running = queued.toBuilder().status(BuildStatus.RUNNING).build();
        assertEquals(BuildStatus.RUNNING, running.status());
        assertEquals(queued, running.toBuilder().status(queued.status()).build());
    }

    @Test
    void anEmptyBuilderIsAFirstAttemptWithNoLists() {
        BuildRecord bare = BuildRecord.builder().status(BuildStatus.QUEUED).build();
        assertEquals(1, bare.attempt());
        assertEquals(List.of(), bare.deployTags());
        assertEquals(List.of(), bare.kanikoArgs());
        assertNull(bare.result());
    }
}
