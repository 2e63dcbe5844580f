package dev.kft.gate;

import java.util.List;

/** The security team's accepted vulnerabilities; expired entries included (the policy ignores them). */
public interface Allowlist {
    List<AllowlistEntry> entries();
}
