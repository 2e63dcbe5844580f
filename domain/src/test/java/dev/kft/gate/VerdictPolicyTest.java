package dev.kft.gate;

import static dev.kft.gate.GateFixtures.REPOSITORY;
import static dev.kft.gate.GateFixtures.finding;
import static dev.kft.gate.GateFixtures.scan;
import static dev.kft.gate.GateFixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.ScanVerdict;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class VerdictPolicyTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    private static final Supplier<List<Finding>> NOT_READ = () -> {
        throw new AssertionError("findings must not be read");
    };
    private final VerdictPolicy policy = new VerdictPolicy(settings(Severity.HIGH));

    private Verdict evaluate(Map<String, Long> counts, List<Finding> findings, AllowlistEntry... allowlist) {
        return policy.evaluate(scan("COMPLETE", counts), () -> findings, () -> List.of(allowlist), TODAY);
    }

    @Test
    void countsBelowTheThresholdAreCleanWithoutReadingFindings() {
        Verdict verdict = policy.evaluate(scan("COMPLETE", Map.of("MEDIUM", 9L, "LOW", 2L)), NOT_READ, List::of, TODAY);
        assertEquals(ScanVerdict.CLEAN, verdict.outcome());
        assertEquals(ScanVerdict.CLEAN, policy.evaluate(scan("COMPLETE", Map.of()), NOT_READ, List::of, TODAY).outcome());
    }

    @Test
    void aFailedScanIsUnscanned() {
        assertEquals(ScanVerdict.UNSCANNED, policy.evaluate(scan("FAILED", Map.of()), NOT_READ, List::of, TODAY).outcome());
    }

    @Test
    void findingsAtOrAboveTheThresholdMakeTheImageDirty() {
        Verdict verdict = evaluate(Map.of("CRITICAL", 1L, "MEDIUM", 1L),
                List.of(finding("CVE-2026-0001", "CRITICAL", 9.8), finding("CVE-2026-0002", "MEDIUM", 5.0)));
        assertEquals(ScanVerdict.DIRTY, verdict.outcome());
        assertEquals(1, verdict.blockingFindings());
        assertEquals("CVE-2026-0001", verdict.worstFindings().get(0).cveId());
    }

    @Test
    void theThresholdIsAParameter() {
        VerdictPolicy criticalOnly = new VerdictPolicy(settings(Severity.CRITICAL));
        assertEquals(ScanVerdict.CLEAN, criticalOnly.evaluate(scan("COMPLETE", Map.of("HIGH", 3L)), NOT_READ, List::of, TODAY).outcome());
    }

    @Test
    void anUnrankedSeverityRanksByItsScoreAndWithoutOneNeverBlocks() {
        Map<String, Long> counts = Map.of("UNTRIAGED", 1L);
        assertEquals(ScanVerdict.CLEAN, evaluate(counts, List.of(finding("CVE-2026-0003", "UNTRIAGED", null))).outcome());
        assertEquals(ScanVerdict.DIRTY, evaluate(counts, List.of(finding("CVE-2026-0003", "UNTRIAGED", 9.1))).outcome());
        assertEquals(ScanVerdict.CLEAN, evaluate(counts, List.of(finding("CVE-2026-0003", "SOMETHING_NEW", 6.9))).outcome());
    }

    @Test
    void allowListedFindingsAreSubtractedWhileTheirEntryIsValidAndInScope() {
        Map<String, Long> counts = Map.of("HIGH", 1L);
        List<Finding> findings = List.of(finding("CVE-2026-0004", "HIGH", 7.5));
        AllowlistEntry everywhere = new AllowlistEntry("cve-2026-0004", null, TODAY, "vendor patch due");
        AllowlistEntry here = new AllowlistEntry("CVE-2026-0004", REPOSITORY, TODAY.plusDays(1), "not reachable");
        AllowlistEntry expired = new AllowlistEntry("CVE-2026-0004", null, TODAY.minusDays(1), "was accepted");
        AllowlistEntry elsewhere = new AllowlistEntry("CVE-2026-0004", "kft/ledger-service", TODAY.plusDays(30), "other repo");

        Verdict allowed = evaluate(counts, findings, everywhere);
        assertEquals(ScanVerdict.CLEAN, allowed.outcome());
        assertEquals(List.of(everywhere), allowed.allowListed());
        assertTrue(allowed.worstFindings().isEmpty());
        assertEquals(ScanVerdict.CLEAN, evaluate(counts, findings, here).outcome());
        assertEquals(ScanVerdict.DIRTY, evaluate(counts, findings, expired).outcome());
        assertEquals(ScanVerdict.DIRTY, evaluate(counts, findings, elsewhere).outcome());
    }

    @Test
    void theAllowlistCannotClearFindingsTheListDoesNotShow() {
        Verdict verdict = evaluate(Map.of("HIGH", 3L), List.of(finding("CVE-2026-0005", "HIGH", 7.0)),
                new AllowlistEntry("CVE-2026-0005", null, TODAY, "accepted"));
        assertEquals(ScanVerdict.DIRTY, verdict.outcome());
        assertEquals(2, verdict.blockingFindings());
    }

    @Test
    void theWorstFindingsShownAreBounded() {
        List<Finding> many = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> finding("CVE-2026-1" + String.format("%03d", i), i == 17 ? "CRITICAL" : "HIGH", 7.0 + (i % 10) / 10.0))
                .toList();
        Verdict verdict = evaluate(Map.of("HIGH", 49L, "CRITICAL", 1L), many);
        assertEquals(3, verdict.worstFindings().size());
        assertEquals("CVE-2026-1017", verdict.worstFindings().get(0).cveId());
        assertEquals(50, verdict.listedFindings());
        assertEquals(50, verdict.blockingFindings());
    }

    @Test
    void aVerdictSurvivesItsRecord() {
        Verdict verdict = evaluate(Map.of("HIGH", 1L, "UNTRIAGED", 2L), List.of(finding("CVE-2026-0006", "HIGH", 8.1)),
                new AllowlistEntry("CVE-2026-0007", REPOSITORY, TODAY, "r"));
        assertEquals(verdict, Verdict.fromMap(dev.kft.core.Json.parseObject(dev.kft.core.Json.write(verdict.toMap()))));
    }
}
