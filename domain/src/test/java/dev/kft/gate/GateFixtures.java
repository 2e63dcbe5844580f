package dev.kft.gate;

import dev.kft.core.DeployPolicy;
import java.util.List;
import java.util.Map;

/** Scan events and findings for the gate's unit tests. */
final class GateFixtures {
    static final String REPOSITORY = "kft/payments-api";
    static final String DIGEST = "sha256:9c3e1f7a2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d1f3a5c7e9b2d4f6a8c0e1b3d5f";

    private GateFixtures() {}

    static ScanEvent scan(String status, Map<String, Long> counts) {
        return new ScanEvent("event-1", java.time.Instant.parse("2026-11-20T09:21:40Z"), "us-east-1", "123456789012", ScanEvent.Scanner.BASIC, status,
                REPOSITORY, DIGEST, List.of("4f2a9c1e7b3d"), counts, null);
    }

    static Finding finding(String cve, String severity, Double score) {
        return new Finding(cve, severity, "openssl", "3.0.2-0ubuntu1.10", "3.0.2-0ubuntu1.12", score,
                "https://nvd.nist.gov/vuln/detail/" + cve);
    }

    static GateSettings settings(Severity threshold) {
        return new GateSettings("kft", threshold, GateSettings.DirtyAction.FLAG, new DeployPolicy(true, true), 3);
    }
}
