package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.ScanVerdict;
import dev.kft.gate.GateAction;
import dev.kft.gate.GateLedger.ClaimStatus;
import dev.kft.gate.GateLedger;
import dev.kft.gate.ScanEvent;
import dev.kft.gate.Severity;
import dev.kft.gate.Verdict;
import dev.kft.testing.MotoExtension;
import dev.kft.testing.MotoLedgerTable;
import dev.kft.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The verdict record's conditional writes: once per event, one invocation at a time, never backwards in time. */
@ExtendWith(MotoExtension.class)
class DynamoGateLedgerIT {
    private static final Instant NOW = Instant.parse("2026-11-20T09:22:00Z");
    private static final Duration LEASE = Duration.ofSeconds(90);
    private static final Verdict DIRTY = new Verdict(ScanVerdict.DIRTY, "r", Severity.HIGH, Map.of("HIGH", 1L), 1, 1, List.of(), List.of());
    private GateLedger ledger;

    @BeforeEach
    void setUp(MotoServer moto) {
        MotoLedgerTable table = MotoLedgerTable.create(moto);
        ledger = new DynamoGateLedger(table.dynamoDb, table.name);
    }

    private static ScanEvent event(String id, String time) {
        return new ScanEvent(id, time == null ? null : Instant.parse(time), "us-east-1", "123456789012", ScanEvent.Scanner.BASIC, "COMPLETE", "kft/payments-api",
                "sha256:" + "ab".repeat(32), List.of("4f2a9c1e7b3d"), Map.of("HIGH", 1L), null);
    }

    @Test
    void anEventIsHandledOnce() {
        ScanEvent scan = event("e1", "2026-11-20T09:21:40Z");
        assertEquals(ClaimStatus.NEW, ledger.claim(scan, NOW, LEASE).status());
        assertEquals(ClaimStatus.IN_PROGRESS, ledger.claim(scan, NOW.plusSeconds(1), LEASE).status());
        ledger.recordVerdict(scan, DIRTY, NOW);
        ledger.recordDone(scan, DIRTY, GateAction.FLAG, Optional.empty(), NOW);
        assertEquals(ClaimStatus.DUPLICATE, ledger.claim(scan, NOW.plusSeconds(600), LEASE).status());
    }

    @Test
    void anAbandonedAttemptIsResumedWithItsRecordedVerdict() {
        ScanEvent scan = event("e1", "2026-11-20T09:21:40Z");
        ledger.claim(scan, NOW, LEASE);
        ledger.recordVerdict(scan, DIRTY, NOW);

        GateLedger.VerdictClaim retry = ledger.claim(scan, NOW.plus(LEASE).plusSeconds(1), LEASE);

        assertEquals(ClaimStatus.RESUMED, retry.status());
        assertEquals(Optional.of(DIRTY), retry.recorded());
    }

    @Test
    void aNewerScanOfTheImageActsAgainButAnOlderOneNever() {
        ScanEvent first = event("e1", "2026-11-20T09:21:40Z");
        ledger.claim(first, NOW, LEASE);
        ledger.recordDone(first, DIRTY, GateAction.FLAG, Optional.empty(), NOW);

        ScanEvent rescan = event("e2", "2026-11-21T08:00:00Z");
        GateLedger.VerdictClaim claim = ledger.claim(rescan, NOW.plusSeconds(5), LEASE);
        assertEquals(ClaimStatus.NEW, claim.status());
        assertTrue(claim.recorded().isEmpty(), "the first event's verdict is not the rescan's");
        ledger.recordDone(rescan, DIRTY, GateAction.FLAG, Optional.empty(), NOW);

        assertEquals(ClaimStatus.DUPLICATE, ledger.claim(event("e0", "2026-11-19T10:00:00Z"), NOW.plusSeconds(10), LEASE).status());
        // The first event's late writes cannot touch the record the rescan owns.
        assertThrows(IllegalStateException.class, () -> ledger.recordVerdict(first, DIRTY, NOW));
    }
}
