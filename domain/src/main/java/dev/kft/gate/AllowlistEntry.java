package dev.kft.gate;

import java.time.LocalDate;
import java.util.Locale;

/**
 * A vulnerability the security team accepts for a while: the gate does not count it against an image.
 *
 * @param cveId      the vulnerability id, matched case-insensitively
 * @param repository ECR repository the exception is limited to ({@code kft/payments-api}); null for every repository
 * @param expiresOn  last day (UTC) the entry applies
 * @param reason     why it is accepted, shown in the notification
 */
public record AllowlistEntry(String cveId, String repository, LocalDate expiresOn, String reason) {

    public boolean appliesTo(Finding finding, String imageRepository, LocalDate today) {
        return finding.cveId() != null
                && finding.cveId().toUpperCase(Locale.ROOT).equals(cveId.toUpperCase(Locale.ROOT))
                && (repository == null || repository.equals(imageRepository))
                && !today.isAfter(expiresOn);
    }
}
