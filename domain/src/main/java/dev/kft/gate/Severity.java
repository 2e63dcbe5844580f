package dev.kft.gate;

import java.util.Locale;
import java.util.Optional;

/**
 * The ranked vulnerability severities, lowest first. Scanners also report severities that carry no
 * rank ({@code UNDEFINED}, {@code UNTRIAGED}, or a name this code has never seen): those are kept
 * and shown, and rank only through their score when a finding has one (see {@link #ofScore}).
 */
public enum Severity {
    INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    /** The ranked severity of a reported name; empty for unranked or unknown names. */
    public static Optional<Severity> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** The CVSS v3 qualitative band of a score (9.0 critical, 7.0 high, 4.0 medium, 0.1 low, 0 none). */
    public static Severity ofScore(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        return score > 0 ? LOW : INFORMATIONAL;
    }

    public boolean atLeast(Severity threshold) {
        return compareTo(threshold) >= 0;
    }
}
