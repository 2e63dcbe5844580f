package dev.kft.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kft.core.ScanVerdict;
import dev.kft.gate.GateAction;
import dev.kft.gate.GateLedger;
import dev.kft.gate.GateLedger.ClaimStatus;
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

/**
 * The verdict item orders the scans of one image by event time as a number (not text, so 09:00:00.5Z
 * sorts before 09:00:01Z), and a scan without a readable time can never prove it is newer.
 */
@ExtendWith(MotoExtension.class)
class GateScanOrderIT {
    private static final Instant NOW = Instant.parse("2026-11-20T09:30:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Verdict DIRTY = verdict(ScanVerdict.DIRTY);

    private DynamoGateLedger ledger;

    @BeforeEach
    void setUp(MotoServer moto) {
        MotoLedgerTable table = MotoLedgerTable.create(moto);
        ledger = new DynamoGateLedger(table.dynamoDb, table.name);
    }

    private static Verdict verdict(ScanVerdict outcome) {
        return new Verdict(outcome, outcome.name(), Severity.HIGH, Map.of(), 0, 0, List.of(), List.of());
    }

    private static ScanEvent event(String id, Instant time) {
        return new ScanEvent(id, time, "us-east-1", "123456789012", ScanEvent.Scanner.BASIC, "COMPLETE", "kft/payments-api",
                "sha256:" + "cd".repeat(32), List.of("4f2a9c1e7b3d"), Map.of(), null);
    }

    private void handled(ScanEvent scan, Verdict verdict, Instant now) {
        assertEquals(ClaimStatus.NEW, ledger.claim(scan, now, LEASE).status());
        ledger.recordVerdict(scan, verdict, now);
        ledger.recordDone(scan, verdict, GateAction.FLAG, Optional.empty(), now);
    }

    @Test
    void anOlderCleanScanNeverWinsOverADirtyOneEvenWithMoreDigitsInItsTime() {
        handled(event("dirty", Instant.parse("2026-11-20T09:00:01Z")), DIRTY, NOW);
        // As text, "09:00:00.500Z" sorts after "09:00:01Z"; as a time it is earlier.
        GateLedger.VerdictClaim older = ledger.claim(event("older-clean", Instant.parse("2026-11-20T09:00:00.500Z")), NOW.plusSeconds(1), LEASE);
        assertEquals(ClaimStatus.DUPLICATE, older.status());
    }

    @Test
    void anUntimedScanIsJudgedAndToldTheVerdictItWouldReplace() {
        handled(event("dirty", Instant.parse("2026-11-20T09:00:01Z")), DIRTY, NOW);

        GateLedger.VerdictClaim untimed = ledger.claim(event("untimed", null), NOW.plusSeconds(5), LEASE);

        assertEquals(ClaimStatus.NEW, untimed.status());
        assertEquals(Optional.of(ScanVerdict.DIRTY), untimed.previous(), "ScanGate keeps DIRTY when the untimed scan would clear it");
    }

    @Test
    void anUntimedScanCountsAsOfItsClaimSoOnlyALaterTimedScanReplacesIt() {
        handled(event("untimed-dirty", null), DIRTY, NOW);

        assertEquals(ClaimStatus.DUPLICATE, ledger.claim(event("clean-before", NOW.minusSeconds(60)), NOW.plusSeconds(5), LEASE).status(),
                "a timed scan from before the untimed one was claimed cannot be shown to be later");
        GateLedger.VerdictClaim later = ledger.claim(event("clean-after", NOW.plusSeconds(60)), NOW.plusSeconds(61), LEASE);
        assertEquals(ClaimStatus.NEW, later.status());
        assertEquals(Optional.of(ScanVerdict.DIRTY), later.previous());
    }

    @Test
    void aLaterTimedCleanScanReplacesADirtyVerdict() {
        handled(event("dirty", Instant.parse("2026-11-20T09:00:01Z")), DIRTY, NOW);
        GateLedger.VerdictClaim later = ledger.claim(event("clean", Instant.parse("2026-11-20T09:10:00Z")), NOW.plusSeconds(1), LEASE);
        assertEquals(ClaimStatus.NEW, later.status());
    }
}
