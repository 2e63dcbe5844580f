package dev.kft.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.Json;
import dev.kft.core.MalformedEventException;
import dev.kft.testing.SampleEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScanEventParserTest {
    @Test
    void aBasicScanResult() {
        ScanEvent scan = ScanEventParser.parse(SampleEvents.json("scan-basic-dirty.json"));
        assertEquals(ScanEvent.Scanner.BASIC, scan.scanner());
        assertEquals("kft/payments-api", scan.imageRepository());
        assertEquals(List.of("4f2a9c1e7b3d"), scan.imageTags());
        assertEquals(2, scan.count("HIGH"));
        assertEquals(0, scan.count("INFORMATIONAL"), "an absent severity counts zero");
        assertTrue(scan.scanned());
    }

    @Test
    void inspectorNamesTheRepositoryByArnAndAddsATotalThatIsNoSeverity() {
        ScanEvent scan = ScanEventParser.parse(SampleEvents.json("scan-inspector-complete.json"));
        assertEquals(ScanEvent.Scanner.ENHANCED, scan.scanner());
        assertEquals("kft/payments-api", scan.imageRepository());
        assertEquals(Map.of("HIGH", 1L, "MEDIUM", 4L), scan.severityCounts());
    }

    @Test
    void emptyCountsAndFailedScans() {
        assertEquals(Map.of(), ScanEventParser.parse(SampleEvents.json("scan-basic-clean.json")).severityCounts());
        assertFalse(ScanEventParser.parse(SampleEvents.json("scan-basic-failed.json")).scanned());
        String unsupported = SampleEvents.text("scan-basic-failed.json").replace("\"FAILED\"", "\"UNSUPPORTED_IMAGE\"");
        assertFalse(ScanEventParser.parse(Json.parseObject(unsupported)).scanned());
    }

    @Test
    void unknownSeveritiesAreKept() {
        assertEquals(Map.of("MEDIUM", 2L, "UNTRIAGED", 1L),
                ScanEventParser.parse(SampleEvents.json("scan-unknown-severity.json")).severityCounts());
    }

    @Test
    void foreignEventsAndOtherStatusesAreMalformed() {
        assertThrows(MalformedEventException.class, () -> ScanEventParser.parse(SampleEvents.json("push-branch.json")));
        String inProgress = SampleEvents.text("scan-basic-dirty.json").replace("\"COMPLETE\"", "\"IN_PROGRESS\"");
        assertThrows(MalformedEventException.class, () -> ScanEventParser.parse(Json.parseObject(inProgress)));
        String noDigest = SampleEvents.text("scan-basic-dirty.json").replace("\"image-digest\"", "\"digest\"");
        assertThrows(MalformedEventException.class, () -> ScanEventParser.parse(Json.parseObject(noDigest)));
    }
}
