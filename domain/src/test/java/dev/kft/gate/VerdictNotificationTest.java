package dev.kft.gate;

import static dev.kft.gate.GateFixtures.DIGEST;
import static dev.kft.gate.GateFixtures.REPOSITORY;
import static dev.kft.gate.GateFixtures.finding;
import static dev.kft.gate.GateFixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kft.core.ScanVerdict;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictNotificationTest {
    private static final BuildInfo BUILD = new BuildInfo("46499e9fbd94c065fc71ccdab8bb5f70", "payments-api", "refs/heads/main",
            "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f", "4f2a9c1e7b3d", List.of("branch-main", "latest"), "Dana Reyes", null);
    private static final ActionReport FLAGGED = new ActionReport(GateAction.FLAG, false, List.of(), List.of(), List.of(),
            List.of("branch-main", "latest"), List.of("4f2a9c1e7b3d"), false);

    private static Verdict dirty(Finding... worst) {
        return new Verdict(ScanVerdict.DIRTY, "1 finding at or above HIGH not allow-listed", Severity.HIGH,
                Map.of("MEDIUM", 4L, "UNTRIAGED", 1L, "CRITICAL", 1L), 1, 6, List.of(worst),
                List.of(new AllowlistEntry("CVE-2025-7777", REPOSITORY, LocalDate.of(2026, 12, 31), "not reachable from the API")));
    }

    @Test
    void theMailCarriesWhatTheSecurityTeamActsOn() {
        String text = VerdictNotification.text(scan("COMPLETE", Map.of()), List.of("4f2a9c1e7b3d", "latest", "branch-main"),
                dirty(finding("CVE-2026-0001", "CRITICAL", 9.8)), FLAGGED, Optional.of(BUILD));

        for (String expected : List.of("Scan gate: DIRTY image in kft/payments-api, action FLAG", DIGEST,
                "4f2a9c1e7b3d, branch-main, latest", "refs/heads/main", "4f2a9c1e7b3d5a8f0c6e2b9d1a7f3c5e8b0d2a4f",
                "Author       Dana Reyes", "CVE-2026-0001  CRITICAL  score 9.8", "openssl 3.0.2-0ubuntu1.10, fixed in 3.0.2-0ubuntu1.12",
                "https://nvd.nist.gov/vuln/detail/CVE-2026-0001", "FLAGGED: removed deploy tags branch-main, latest",
                "CVE-2025-7777  kft/payments-api, until 2026-12-31: not reachable from the API",
                "console.aws.amazon.com/ecr/repositories/private/123456789012/kft/payments-api/_/image/" + DIGEST)) {
            assertTrue(text.contains(expected), "missing " + expected + " in\n" + text);
        }
        // Ranked severities worst first, unranked after them.
        assertTrue(text.indexOf("CRITICAL ") < text.indexOf("MEDIUM ") && text.indexOf("MEDIUM ") < text.indexOf("UNTRIAGED "), text);
    }

    @Test
    void valuesCannotBreakTheQuotedInputTemplate() {
        Finding hostile = new Finding("CVE-2026-0002", "HIGH", "pkg\"name", "1.0\\2", null, null, "https://x\u0007y");
        String text = VerdictNotification.text(scan("COMPLETE", Map.of()), List.of(), dirty(hostile), FLAGGED, Optional.empty());
        assertFalse(text.contains("\""));
        assertFalse(text.contains("\\"));
        assertFalse(text.chars().anyMatch(c -> c < 0x20 && c != '\n'));
        assertTrue(text.contains("no build of this stack is recorded"));
        assertTrue(text.contains("fixed in (no fix known)"));
    }

    @Test
    void theDetailKeepsStructuredFieldsForPrograms() {
        Map<String, Object> detail = VerdictNotification.detail(scan("COMPLETE", Map.of()), List.of("latest", "4f2a9c1e7b3d"),
                dirty(finding("CVE-2026-0001", "CRITICAL", 9.8)), FLAGGED, Optional.of(BUILD));
        assertEquals("DIRTY", detail.get("verdict"));
        assertEquals("FLAG", detail.get("action"));
        assertEquals(List.of("4f2a9c1e7b3d", "latest"), detail.get("imageTags"));
        assertEquals("refs/heads/main", ((Map<?, ?>) detail.get("build")).get("ref"));
        assertFalse(((Map<?, ?>) detail.get("build")).containsKey("authorEmail"));
        assertTrue(dev.kft.core.Json.write(detail).length() < 16_000, "far below EventBridge's 256 KB");
    }
}
